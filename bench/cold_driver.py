"""The child process of a cold-start measurement: import a skill's `lambda_function`, answer one event.

    python bench/cold_driver.py SKILL_DIR EVENT_JSON [--boto3-client]

It does what the Lambda runtime does on a cold start, and nothing more: put the function's folder
first on sys.path, import the handler module, call `handler(event, None)`. `--boto3-client` then
also creates `boto3.client("dynamodb")` (the "hello world + boto3" baseline of a preference turn).

Times are CLOCK_MONOTONIC readings, a clock shared by every process on the machine, so the parent
can subtract the moment it spawned this process from the moment the answer was ready. The last
line of stdout is `BENCH-RESULT {json}`; everything the skill logs goes to stderr.
"""

import time

STARTED = time.clock_gettime(time.CLOCK_MONOTONIC)  # first statement: interpreter start is behind us

import json  # noqa: E402  (the Lambda runtime has json and logging loaded before the handler too)
import sys  # noqa: E402


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def main() -> None:
    skill_dir, event_path = sys.argv[1], sys.argv[2]
    with open(event_path, encoding="utf-8") as handle:
        event = json.load(handle)
    sys.path[0] = skill_dir  # replaces bench/: only the function's own folder, as in /var/task
    before_import = now()
    import lambda_function

    imported = now()
    response = lambda_function.handler(event, None)
    if "--boto3-client" in sys.argv[3:]:
        import boto3

        boto3.client("dynamodb")
    answered = now()

    print(
        "BENCH-RESULT "
        + json.dumps(
            {
                "started": STARTED,
                "before_import": before_import,
                "imported": imported,
                "answered": answered,
                "peak_rss_kib": peak_rss_kib(),
                "response": response,
            }
        )
    )


def peak_rss_kib() -> int:
    """This program's peak resident set size, in KiB.

    Linux's VmHWM belongs to the memory image exec() created, so it is this program's own peak.
    (ru_maxrss is not: it carries over the parent's peak through fork and exec, so a child of a big
    benchmark process would report the benchmark's size.)
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
