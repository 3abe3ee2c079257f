"""`make bench`: is the Night Leg Cramp Helper still as fast as a hello-world skill?

Measures, in one run on this machine, the skill (lambda/) beside the hello world in bench/hello_skill:
  1. cold start: a fresh process importing `lambda_function` and answering one request (bench/cold_start.py),
     each function as deployed (its code and bytecode, as lambda/Makefile builds it for `sam build`)
  2. warm turns: p50 / p99 of thousands of in-process turns (bench/warm.py)
  3. peak memory (max RSS) of a cold content turn
  4. store calls per kind of turn, SQLite and DynamoDB (bench/store_calls.py)
  5. the deployment package's size (bench/package_size.py)
  6. response sizes with a screen, every step on every screen device (bench/screen_sizes.py), and the cold
     start of a step on an Echo Show (its APL document loaded and sent)
then prints a table, the ratios and the targets, and writes bench/results/<UTC stamp>.json and
bench/results/latest.json (printing the change since the previous latest.json).

    .venv/bin/python bench/run.py [--quick] [--runs N] [--warm-turns N] [--lambda-dir DIR] [--no-save]

Exit status 1 when either skill answers wrongly (or a child crashes); timings never fail the run.
`--lambda-dir` measures a patched copy of lambda/ (it then leaves latest.json alone).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HELLO_DIR = REPO / "bench" / "hello_skill"
HELLO_TZ_DIR = REPO / "bench" / "hello_tz_skill"
LAMBDA_RUNTIME_DIR = REPO / ".venv" / "lambda-runtime"  # what the runtime adds to the path (boto3), make setup
# The hello worlds' own requirements, installed as lambda/Makefile installs the skill's.
HELLO_REQUIREMENTS = {
    "deployed-hello": ["ask-sdk-core==1.19.0"],
    "deployed-hello-tz": ["ask-sdk-core==1.19.0", "tzdata>=2024.1"],
}
RESULTS_DIR = REPO / "bench" / "results"
OWN_MODULES = ("cramp_helper", "lambda_function")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 cold runs per case and 600 warm turns")
    parser.add_argument("--runs", type=int, help="cold starts per case (default 15, --quick 3)")
    parser.add_argument("--warm-turns", type=int, help="timed warm turns per skill (default 3000, --quick 600)")
    parser.add_argument(
        "--lambda-dir", type=Path, default=REPO / "lambda", help="the function folder to measure (default: lambda/)"
    )
    parser.add_argument("--no-save", action="store_true", help="write no results files")
    arguments = parser.parse_args(argv)
    arguments.runs = arguments.runs or (3 if arguments.quick else 15)
    arguments.warm_turns = arguments.warm_turns or (600 if arguments.quick else 3000)
    arguments.lambda_dir = arguments.lambda_dir.resolve()
    return arguments


def prepare_imports(lambda_dir: Path) -> None:
    """The skill's package and the simulator's envelopes importable in this process."""
    for folder in (str(lambda_dir), str(REPO)):
        if folder not in sys.path:
            sys.path.insert(0, folder)


class KeptLogs(logging.Handler):
    """What the in-process skills log (the unreachable time-zone API is expected), kept out of the
    table and shown only when an answer is wrong. Also keeps moto's request log quiet."""

    def __init__(self, limit: int = 200) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.limit = limit

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.lines) < self.limit and (line := f"{record.name}: {record.getMessage()}") not in self.lines:
            self.lines.append(line)


def step(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def measure_warm(lambda_dir: Path, turns: int, api_endpoint: str, deployed: Deployed | None) -> dict[str, Any]:
    """In a runtime-Python child on the built functions when they were built with it, else in this process."""
    if deployed and deployed.python_path:
        env = dict(os.environ, PYTHONPATH=deployed.python_path)
        completed = subprocess.run(
            [
                deployed.python,
                str(REPO / "bench" / "warm_child.py"),
                str(deployed.skill),
                str(deployed.hello),
                str(turns),
                "amzn1.ask.account.BENCH-WARM",
                api_endpoint,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        line = next((line for line in reversed(completed.stdout.splitlines()) if line.startswith("BENCH-WARM ")), "")
        if not line:
            return {
                "skill": {},
                "baseline": {},
                "python": deployed.python,
                "failures": [f"warm child exited {completed.returncode}: {completed.stderr[-500:]}"],
            }
        return json.loads(line[len("BENCH-WARM ") :])
    from bench import scenarios, warm

    skill = warm.load_entry_point("cramp_helper_lambda_function", lambda_dir / "lambda_function.py")
    hello = warm.load_entry_point("hello_world_lambda_function", HELLO_DIR / "lambda_function.py")
    skill_times, hello_times = warm.measure(
        skill.handler,
        scenarios.CONVERSATION_MIX,
        hello.handler,
        scenarios.HELLO_MIX,
        turns,
        "amzn1.ask.account.BENCH-WARM",
        api_endpoint,
    )
    diaries, diary_failures = warm.measure_diaries(skill.handler, turns // 4, api_endpoint)
    return {
        "skill": skill_times.summary(),
        "baseline": hello_times.summary(),
        "diaries": {name: times.summary() for name, times in diaries.items()},
        "python": platform.python_version(),
        "failures": skill_times.failures + hello_times.failures + diary_failures,
    }


def seeded_users() -> dict[str, dict[str, Any]]:
    """What each benchmark user has saved: the preference turn's user and the user with no diary have a
    reminder; the diary users have that and four weeks or a year of cramps (scenarios.DIARY_ENTRIES)."""
    from bench.scenarios import BENCH_USER, DIARY_ENTRIES, SAVED_PREFERENCES, diary_preferences

    now = datetime.now(UTC).replace(tzinfo=None)
    users = {user_id: diary_preferences(now, entries) for user_id, entries in DIARY_ENTRIES.items()}
    return {BENCH_USER: dict(SAVED_PREFERENCES), **users}


def seed_sqlite(path: Path, api_endpoint: str) -> None:
    """Every benchmark user's record (`seeded_users`) in the embedded store at `path`."""
    from cramp_helper.sqlite_store import SqlitePersistenceAdapter

    adapter = SqlitePersistenceAdapter(path)
    for user_id, record in seeded_users().items():
        adapter.save_attributes(bench_user_envelope(api_endpoint, user_id), record)


def bench_user_envelope(api_endpoint: str, user_id: str | None = None) -> Any:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from bench.scenarios import BENCH_USER, GET_REMINDER, one_shot

    event = one_shot(GET_REMINDER, api_endpoint, user_id=user_id or BENCH_USER)
    return DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)


def write_events(folder: Path, api_endpoint: str) -> dict[str, Path]:
    from bench.scenarios import CRAMP_NOW, FULL_DIARY_USER, GET_REMINDER, HELLO, LOG_CRAMP, STRETCH, one_shot

    events = {
        name: one_shot(request, api_endpoint)
        for name, request in (
            ("cramp_now", CRAMP_NOW),
            ("get_reminder", GET_REMINDER),
            ("hello", HELLO),
            ("log_cramp", LOG_CRAMP),
        )
    }
    events["stretch_show"] = one_shot(STRETCH, api_endpoint, display="show")
    events["log_cramp_full_diary"] = one_shot(LOG_CRAMP, api_endpoint, user_id=FULL_DIARY_USER)
    paths = {}
    for name, event in events.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(json.dumps(event), encoding="utf-8")
    return paths


@dataclass(frozen=True)
class Deployed:
    """The three functions as deployed, the Python that runs them and what it adds to sys.path."""

    skill: Path
    hello: Path
    hello_tz: Path
    python: str
    python_path: str
    how: str
    skill_trusts_own_roots: bool  # built with trusted_cas/, where the cold starts find the stand-in's CA
    requests_bundle: str  # certifi's bundle plus the stand-in's CA, for `requests` (the hello world with a zone)


def shipped_versions(package: Path) -> list[str]:
    """'name==version' of every distribution a built package carries (its *.dist-info folders)."""
    pins = []
    for info in sorted(package.glob("*.dist-info")):
        name, _, version = info.name.removesuffix(".dist-info").partition("-")
        pins.append(f"{name}=={version}")
    return pins


def runtime_python() -> str | None:
    """The runtime's Python, when it and the runtime's own packages (.venv/lambda-runtime) are here."""
    from tools.runtime_python import find

    python = find()
    return python if python and (LAMBDA_RUNTIME_DIR / ".installed").is_file() else None


def deployed_copies(lambda_dir: Path, scratch: Path, stand_in_ca: str) -> Deployed:
    """The functions as they are deployed. With the runtime's Python: the skill built by lambda/Makefile's
    `build-SkillFunction` (what `sam build` runs: arm64 wheels, boto3 left to the runtime, bytecode), the hello
    worlds with their requirements installed at the versions the skill ships and compiled the same way, all run
    by that Python with the runtime's boto3 behind them. Without it: the `code` and `bytecode` steps with this
    Python, dependencies from the venv (the earlier method). /var/task is read-only, so missing bytecode is
    compiled every time.

    Trust, as deployed: the built skill will read the stand-in's CA from its own roots (certifi's, one a file,
    named by `openssl rehash`; `trust_stand_in`), with no REQUESTS_CA_BUNDLE; the hello world with the time zone
    (`requests`) gets certifi's whole bundle plus that CA, so both pay what building a TLS context costs."""
    dirs = {name: scratch / name for name in ("deployed-skill", "deployed-hello", "deployed-hello-tz")}
    for source, name in ((HELLO_DIR, "deployed-hello"), (HELLO_TZ_DIR, "deployed-hello-tz")):
        shutil.copytree(source, dirs[name], ignore=shutil.ignore_patterns("__pycache__"))
    python = runtime_python()
    if python:
        subprocess.run(
            [
                "make",
                "--silent",
                "-C",
                str(lambda_dir),
                "build-SkillFunction",
                f"ARTIFACTS_DIR={dirs['deployed-skill']}",
                f"PYTHON={python}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # the hello worlds get exactly the versions the skill ships of what they share (python-dateutil…)
        constraints = scratch / "skill-versions.txt"
        constraints.write_text("\n".join(shipped_versions(dirs["deployed-skill"])) + "\n", encoding="utf-8")
        for name, requirements in HELLO_REQUIREMENTS.items():
            subprocess.run(
                [
                    python,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--no-compile",
                    "--target",
                    str(dirs[name]),
                    "--platform",
                    "manylinux2014_aarch64",
                    "--implementation",
                    "cp",
                    "--python-version",
                    "3.13",
                    "--only-binary=:all:",
                    "--constraint",
                    str(constraints),
                    *requirements,
                ],
                check=True,
            )
        how, python_path = "lambda/Makefile build-SkillFunction, Python " + _version(python), str(LAMBDA_RUNTIME_DIR)
        own_roots = True
    else:
        python, python_path, how = sys.executable, "", "code + bytecode with this Python; dependencies from the venv"
        own_roots = False
        subprocess.run(
            [
                "make",
                "--silent",
                "-C",
                str(lambda_dir),
                "code",
                "bytecode",
                f"ARTIFACTS_DIR={dirs['deployed-skill']}",
                f"PYTHON={python}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for name in ("deployed-hello", "deployed-hello-tz"):
        subprocess.run(
            [
                python,
                "-W",
                "ignore::SyntaxWarning",
                "-m",
                "compileall",
                "-q",
                "--invalidation-mode",
                "checked-hash",
                str(dirs[name]),
            ],
            check=True,
        )
    certifi_bundle = dirs["deployed-hello-tz"] / "certifi" / "cacert.pem"
    if not certifi_bundle.is_file():
        import certifi

        certifi_bundle = Path(certifi.where())
    requests_bundle = scratch / "certifi-and-stand-in.pem"
    requests_bundle.write_text(certifi_bundle.read_text() + Path(stand_in_ca).read_text())
    return Deployed(
        dirs["deployed-skill"],
        dirs["deployed-hello"],
        dirs["deployed-hello-tz"],
        python,
        python_path,
        how,
        own_roots,
        str(requests_bundle),
    )


def _version(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True, check=True
    ).stdout.strip()


def built_package_size(deployed: Deployed, scratch: Path) -> dict[str, Any]:
    """The zip `make deploy` uploads, measured from the build itself."""
    from tools.stack import zip_function

    archive = zip_function(deployed.skill, scratch / "SkillFunction.zip")
    files = [path for path in deployed.skill.rglob("*") if path.is_file()]
    return {
        "how": deployed.how,
        "zipped_bytes": archive.stat().st_size,
        "files": len(files),
        "bytes": sum(path.stat().st_size for path in files),
    }


def cold_cases(
    deployed: Deployed, events: dict[str, Path], sqlite_path: Path, dynamodb_env: dict[str, str], table: str
) -> list[Any]:
    from bench import report, scenarios
    from bench.cold_start import ColdCase, child_environment

    runtime = {"PYTHONPATH": deployed.python_path} if deployed.python_path else {}
    embedded = child_environment(os.environ, PREFERENCES_DB=str(sqlite_path), **runtime)
    dynamodb = child_environment(os.environ, PREFERENCES_TABLE=table, **dynamodb_env, **runtime)
    hello_tz_env = {**embedded, "REQUESTS_CA_BUNDLE": deployed.requests_bundle}
    if deployed.skill_trusts_own_roots:
        for env in (embedded, dynamodb):
            env.pop("REQUESTS_CA_BUNDLE", None)
    skill, hello, python = deployed.skill, deployed.hello, deployed.python
    return [
        ColdCase(report.BASELINE, hello, events["hello"], embedded, scenarios.HELLO_ANSWER, python=python),
        ColdCase(
            report.BASELINE_TZ,
            deployed.hello_tz,
            events["hello"],
            hello_tz_env,
            scenarios.HELLO_TZ_ANSWER,
            python=python,
        ),
        ColdCase(
            report.BASELINE_BOTO3,
            hello,
            events["hello"],
            dynamodb,
            scenarios.HELLO_ANSWER,
            boto3_client=True,
            python=python,
        ),
        ColdCase(report.CONTENT_SQLITE, skill, events["cramp_now"], embedded, scenarios.CONTENT_ANSWER, python=python),
        ColdCase(
            report.CONTENT_DYNAMODB, skill, events["cramp_now"], dynamodb, scenarios.CONTENT_ANSWER, python=python
        ),
        ColdCase(
            report.CONTENT_SCREEN, skill, events["stretch_show"], embedded, scenarios.STRETCH_ANSWER, python=python
        ),
        ColdCase(
            report.PREFERENCE_SQLITE,
            skill,
            events["get_reminder"],
            embedded,
            scenarios.PREFERENCE_ANSWER,
            python=python,
        ),
        ColdCase(
            report.PREFERENCE_DYNAMODB,
            skill,
            events["get_reminder"],
            dynamodb,
            scenarios.PREFERENCE_ANSWER,
            python=python,
        ),
        ColdCase(report.DIARY_DYNAMODB, skill, events["log_cramp"], dynamodb, scenarios.DIARY_ANSWER, python=python),
        ColdCase(
            report.DIARY_FULL_DYNAMODB,
            skill,
            events["log_cramp_full_diary"],
            dynamodb,
            scenarios.DIARY_ANSWER,
            python=python,
        ),
    ]


def measure_with_dynamodb(
    arguments: argparse.Namespace, scratch: Path, alexa_api: Any, deployed: Deployed
) -> dict[str, Any]:
    """Everything that needs the loopback DynamoDB: store-call counts and the cold starts."""
    from bench import cold_start, store_calls
    from bench.dynamodb import LocalDynamoDb

    with LocalDynamoDb(scratch) as dynamodb:
        step("store calls per turn (SQLite, then DynamoDB over HTTP)")
        counted_user = "amzn1.ask.account.BENCH-COUNT"
        sqlite_counts = store_calls.sqlite_counts(str(scratch / "counted.sqlite3"), counted_user, alexa_api)
        os.environ.update(dynamodb.environment())
        dynamodb_counts = store_calls.dynamodb_counts(dynamodb.table_name, counted_user, alexa_api)

        sqlite_path = scratch / "cold.sqlite3"
        seed_sqlite(sqlite_path, alexa_api.endpoint)
        for user_id, record in seeded_users().items():
            dynamodb.save(bench_user_envelope(alexa_api.endpoint, user_id), record)
        built = built_package_size(deployed, scratch)
        if deployed.skill_trusts_own_roots:  # after the size is taken: the package as shipped, to the byte
            trust_stand_in(deployed.skill, alexa_api.ca_bundle)
        cases = cold_cases(
            deployed,
            write_events(scratch, alexa_api.endpoint),
            sqlite_path,
            dynamodb.environment(),
            dynamodb.table_name,
        )
        trust_failures = [settings_unreached(case, alexa_api) for case in (cases[1], cases[3])]
        step(f"cold starts: {len(cases)} cases x {arguments.runs} runs (+1 discarded)")
        cold = cold_start.run_cases(cases, arguments.runs)
        step("python -X importtime of a cold content turn, skill vs hello world")
        imports = cold_start.extra_imports(cases[3], cases[0], OWN_MODULES)
    rows = store_calls.merged(sqlite_counts, dynamodb_counts)
    return {
        "cold_start": {name: result.summary() for name, result in cold.items()},
        "store_calls": rows,
        "store_target_met": store_calls.target_met(rows),
        "imports": imports,
        "built_package": built,
        "python": deployed.python,
        "failures": sqlite_counts["failures"]
        + dynamodb_counts["failures"]
        + cold_start.failures(cold)
        + [failure for failure in trust_failures if failure],
    }


def trust_stand_in(skill: Path, ca_bundle: str) -> None:
    """File the stand-in's CA among the built skill's roots, as a private root would be."""
    import ca_directory

    ca_directory.write_directory(ca_bundle, str(skill / "cramp_helper" / "trusted_cas"))


def settings_unreached(case: Any, alexa_api: Any) -> str | None:
    """A cold start that could not read the time zone (a TLS trust mistake) would skip the handshake and look
    fast while answering in the wrong voice at night: one run of `case` must reach the Settings API."""
    from bench import cold_start

    before = len(alexa_api.calls("GET", "/v2/devices/"))
    cold_start.run_once(case)
    if len(alexa_api.calls("GET", "/v2/devices/")) > before:
        return None
    return f"{case.name}: its first turn did not read the time zone from the Settings API (TLS trust?)"


def measure_packages(lambda_dir: Path) -> dict[str, Any]:
    from bench.package_size import package_report, requirement_names

    requirements = requirement_names(lambda_dir / "requirements.txt")
    return {"skill": package_report(lambda_dir, requirements), "baseline": package_report(HELLO_DIR, ["ask-sdk-core"])}


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {"cpus": os.cpu_count(), "cpu": model, "platform": platform.platform(), "python": platform.python_version()}


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        completed = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return completed.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD") or "?",
        "lambda_changed": bool(git("status", "--porcelain", "--", "lambda")),
    }


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    prepare_imports(arguments.lambda_dir)
    from bench import report
    from bench.dynamodb import scratch_folder
    from simulator.alexa_api import AlexaApiStandIn

    started = time.monotonic()
    logs = KeptLogs()
    logging.getLogger().addHandler(logs)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server: one line per request
    scratch = scratch_folder()
    for name in ("PREFERENCES_TABLE", "SKILL_ID"):
        os.environ.pop(name, None)
    os.environ["PREFERENCES_DB"] = str(scratch / "warm.sqlite3")

    try:
        # Alexa's Settings and Reminders APIs: the simulator's HTTPS stand-in, so the skill's first turn
        # of every session really reads the time zone over TLS, as on Alexa (children inherit the trust).
        with AlexaApiStandIn() as alexa_api:
            os.environ["REQUESTS_CA_BUNDLE"] = alexa_api.ca_bundle
            step("building the functions as deployed")
            deployed = deployed_copies(arguments.lambda_dir, scratch, alexa_api.ca_bundle)
            step(f"warm turns: {arguments.warm_turns} per skill, then launches and diary summaries")
            seed_sqlite(Path(os.environ["PREFERENCES_DB"]), alexa_api.endpoint)
            warm = measure_warm(arguments.lambda_dir, arguments.warm_turns, alexa_api.endpoint, deployed)
            measured = measure_with_dynamodb(arguments, scratch, alexa_api, deployed)
            step("response sizes with screens")
            from bench import screen_sizes

            screens = screen_sizes.measure(alexa_api.endpoint)
        step("deployment package sizes")
        package = measure_packages(arguments.lambda_dir)
        package["built"] = measured["built_package"]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict[str, Any] = {
        "timestamp": stamp,
        "machine": machine(),
        "git": git_state(),
        "settings": {
            "runs": arguments.runs,
            "warm_turns": arguments.warm_turns,
            "quick": arguments.quick,
            "lambda_dir": str(arguments.lambda_dir),
            "cold_start_python": measured["python"],
            "warm_turns_python": warm.get("python"),
            "cold_start_method": "CLOCK_MONOTONIC from just before spawn (parent) to the first "
            "response serialised (child); process exit excluded",
        },
        "cold_start": measured["cold_start"],
        "warm": {"skill": warm["skill"], "baseline": warm["baseline"], "diaries": warm.get("diaries", {})},
        "store_calls": measured["store_calls"],
        "package": package,
        "imports": measured["imports"],
        "screens": screens,
    }
    results["ratios"] = report.ratios(results)
    target_list = report.targets(results, measured["store_target_met"])
    results["targets"] = target_list
    results["failures"] = warm["failures"] + measured["failures"] + screens["failures"]

    print(report.render(results, target_list))
    previous = report.read_json(RESULTS_DIR / "latest.json")
    print("\n" + "\n".join(report.delta_lines(previous, results)))
    if not arguments.no_save:
        is_repo_skill = arguments.lambda_dir == (REPO / "lambda").resolve()
        written = report.write_results(results, RESULTS_DIR, stamp, update_latest=is_repo_skill)
        print("\nwrote " + ", ".join(str(path.relative_to(REPO)) for path in written))
    print(f"({time.monotonic() - started:.0f} s)")
    if results["failures"]:
        print("\nWRONG ANSWERS — the measurements above are not valid:", file=sys.stderr)
        for failure in results["failures"]:
            print(f"  {failure}", file=sys.stderr)
        print("what the in-process skills logged:\n  " + "\n  ".join(logs.lines), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
