"""Warm turns in a process of the runtime's Python, with the functions as built (run by bench/run.py).

    python3.13 bench/warm_child.py SKILL_DIR HELLO_DIR TURNS USER_ID API_ENDPOINT

Puts the built skill's folder first on sys.path (its own ask-sdk and dependencies, as in /var/task), the
repository after it (for bench.scenarios and simulator.envelopes), runs warm.measure, and prints one line
`BENCH-WARM {json}` with both summaries and any wrong answers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    skill_dir, hello_dir, turns, user_id, api_endpoint = sys.argv[1:6]
    sys.path[0:1] = [skill_dir, str(REPO)]
    from bench import scenarios, warm

    skill = warm.load_entry_point("cramp_helper_lambda_function", Path(skill_dir) / "lambda_function.py")
    hello = warm.load_entry_point("hello_world_lambda_function", Path(hello_dir) / "lambda_function.py")
    skill_times, hello_times = warm.measure(
        skill.handler, scenarios.CONVERSATION_MIX, hello.handler, scenarios.HELLO_MIX, int(turns), user_id, api_endpoint
    )
    diaries, diary_failures = warm.measure_diaries(skill.handler, int(turns) // 4, api_endpoint)
    print(
        "BENCH-WARM "
        + json.dumps(
            {
                "skill": skill_times.summary(),
                "baseline": hello_times.summary(),
                "diaries": {name: times.summary() for name, times in diaries.items()},
                "failures": skill_times.failures + hello_times.failures + diary_failures,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
