"""`make reliability`: the issue-10 figures against real servers on loopback.

- 50 two-device races per store (SQLite file, DynamoDB on moto's server): duplicate reminders and
  stored/ringing mismatches (bench/races.py);
- 10,000 generated hostile envelopes through `lambda_function.handler`: exceptions escaping it, and
  answers outside Alexa's rules (tests/test_hostile_envelopes.py's generator and checks);
- the hosted web service (`make host`) answering normal requests within a second while 16 clients
  trickle and 64 sit idle (bench/slow_clients.py);
- stored records on both stores: a damaged SQLite file's users kept, a newer version's fields kept, a
  mangled write counter repaired, the diary's clock and amendments, private words in DEBUG logs, and a
  DynamoDB that is slow, cuts a 200 short or applies a write late (bench/record_checks.py).

Prints one JSON document; exits 1 when a race duplicated, mismatched or raised, or when an envelope's
exception escaped the handler or its answer broke Alexa's rules, or when a normal request behind slow clients
was not answered within a second, or when a record lost a field or a write was refused (`failures`).
`--rounds N`, `--envelopes N`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def races(rounds: int) -> dict:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from bench.dynamodb import LocalDynamoDb, scratch_folder
    from bench.races import USER, race
    from cramp_helper.sqlite_store import SqlitePersistenceAdapter
    from simulator.alexa_api import AlexaApiStandIn
    from simulator.envelopes import Device, envelope, launch_request

    results = {}
    user = DefaultSerializer().deserialize(
        json.dumps(envelope(launch_request(), Device(user_id=USER))), RequestEnvelope
    )
    with AlexaApiStandIn() as api:
        os.environ["REQUESTS_CA_BUNDLE"] = api.ca_bundle
        path = Path(tempfile.mkdtemp(prefix="cramp-races-")) / "preferences.sqlite3"
        os.environ["PREFERENCES_DB"] = str(path)
        os.environ.pop("PREFERENCES_TABLE", None)
        adapter = SqlitePersistenceAdapter(path)
        started = time.monotonic()
        tally = race(api, lambda: adapter.get_attributes(user), lambda: adapter.delete_attributes(user), rounds)
        results["sqlite"] = {**tally.as_dict(), "seconds": round(time.monotonic() - started, 1)}
        with LocalDynamoDb(scratch_folder()) as dynamodb:
            os.environ.update(dynamodb.environment())
            os.environ["PREFERENCES_TABLE"] = dynamodb.table_name
            table = dynamodb._resource().Table(dynamodb.table_name)

            def read():
                item = table.get_item(Key={"id": USER}, ConsistentRead=True).get("Item")
                return item["attributes"] if item else None

            started = time.monotonic()
            tally = race(api, read, lambda: table.delete_item(Key={"id": USER}), rounds)
            results["dynamodb"] = {**tally.as_dict(), "seconds": round(time.monotonic() - started, 1)}
        os.environ.pop("PREFERENCES_TABLE", None)
    return results


def records() -> dict:
    import logging

    from bench import record_checks
    from bench.dynamodb import LocalDynamoDb, scratch_folder

    logging.disable(logging.CRITICAL)  # the damaged file is logged once per case: expected here
    started = time.monotonic()
    with LocalDynamoDb(scratch_folder()) as dynamodb:
        os.environ.update(dynamodb.environment())
        report = {
            "damage": record_checks.damage(),
            "newer": record_checks.newer_versions(dynamodb),
            "mangled": record_checks.mangled_versions(dynamodb),
            "diary": record_checks.diary(dynamodb),
            "logs": record_checks.private_logs(dynamodb),
            "slow_store": record_checks.slow_store(dynamodb),
            "reminders": record_checks.truthful_reminders(),
        }
    logging.disable(logging.NOTSET)
    return {**report, "seconds": round(time.monotonic() - started, 1)}


def envelopes(count: int) -> dict:
    from hypothesis import HealthCheck, given, settings

    import lambda_function
    from tests.test_hostile_envelopes import check_answer, mutated_envelopes

    os.environ["PREFERENCES_DB"] = str(Path(tempfile.mkdtemp(prefix="cramp-fuzz-")) / "preferences.sqlite3")
    outcomes: Counter = Counter()
    examples: dict[str, str] = {}

    @settings(
        max_examples=count, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(event=mutated_envelopes())
    def one(event):
        try:
            answer = lambda_function.handler(event, None)
        except Exception as error:  # counted: nothing may escape the handler
            outcome = f"raised {type(error).__name__}"
        else:
            try:
                check_answer(event, answer)
                outcome = "answered"
            except AssertionError as problem:
                outcome = "answer breaks Alexa's rules: " + (str(problem).splitlines() or ["?"])[0][:60]
        outcomes[outcome] += 1
        examples.setdefault(outcome, json.dumps(event, default=str)[:300])

    import logging

    logging.disable(logging.CRITICAL)
    started = time.monotonic()
    one()
    logging.disable(logging.NOTSET)
    return {
        "generated": sum(outcomes.values()),
        "outcomes": dict(outcomes.most_common()),
        "escaped_exceptions": sum(n for k, n in outcomes.items() if k.startswith("raised")),
        "first_example_of_each": {k: v for k, v in examples.items() if k != "answered"},
        "seconds": round(time.monotonic() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--envelopes", type=int, default=10_000)
    arguments = parser.parse_args()
    from bench.slow_clients import measure

    report = {
        "races": races(arguments.rounds),
        "envelopes": envelopes(arguments.envelopes),
        "slow_clients": measure(),
        "records": records(),
    }
    failed = failures(report)
    print(json.dumps({**report, "failures": failed}, indent=2))
    sys.exit(1 if failed else 0)


def failures(report: dict) -> list[str]:
    """What in a report must fail the run, one line each (empty: it passed)."""
    found = [
        f"{store}: {result[kind]} {kind}"
        for store, result in report["races"].items()
        for kind in ("duplicates", "mismatches", "exceptions")
        if result[kind]
    ]
    found += [
        f"envelopes: {count} {outcome}"
        for outcome, count in report["envelopes"]["outcomes"].items()
        if outcome != "answered"
    ]
    slow = report.get("slow_clients")
    if slow and (slow["answered"] < slow["requests"] or slow["slowest_seconds"] > slow["limit_seconds"]):
        found.append(
            f"slow clients: {slow['answered']} of {slow['requests']} answered, slowest {slow['slowest_seconds']} s"
        )
    from bench.record_checks import failures as record_failures

    return found + record_failures(report.get("records", {}))


if __name__ == "__main__":
    main()
