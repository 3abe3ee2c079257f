"""`make reliability`'s figures for what is stored and what is said about it: nothing lost, nothing false.

- damage: 300 users in an SQLite file whose header is zeroed, or that is cut to a half or a quarter; one
  turn finds it: how many records the new file keeps, whether any came back changed, whether the damaged
  file is kept aside;
- newer versions: a record another version wrote (its schema marker, fields and entry keys this version
  does not know, values of another type) through a launch, a logged cramp and a pace change: fields lost;
- mangled versions: a record whose write counter another writer mangled ("3", -1, 2.5, true, "seven"):
  writes refused afterwards;
- the diary: a cramp logged by a request stamped three years ahead (entries lost, a bogus newest entry),
  and "a cramp at 3 AM" then "it lasted five minutes" (how many cramps the doctor's card shows);
- private logs: a diary conversation on DynamoDB with every logger at DEBUG: lines carrying the user id,
  the device id or a diary word;
- a DynamoDB in trouble (the tests' proxy, tests/dynamodb_server.py): answering in 2 s (served?), in 5 s (an
  apology, how soon, record intact?), a 200 cut short (an apology, not a new user's welcome), a diary write
  landing after the turn gave up and the cramp said again (cramps stored);
- reminders told truly (Alexa's API stood in on loopback): "cancel" without a reminder or the permission,
  and after the reminder was deleted in the app and the permission withdrawn (answers claiming a
  cancellation), and "when is my reminder" after a change crashed half way (says what Alexa rings?).

The turns are the tests' own conversations (tests/chat.py) on a fresh skill per case.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

USER = "amzn1.ask.account.RELIABILITY"
DAMAGE = {
    "header zeroed": lambda path: _overwrite_header(path),
    "cut to a half": lambda path: _truncate(path, 2),
    "cut to a quarter": lambda path: _truncate(path, 4),
}
NEWER: dict[str, Any] = {
    "schema": 3,
    "disclaimer_heard": True,
    "diary_wanted": True,
    "hold_seconds": "20s",
    "diary": [{"at": "2026-12-01T03:00", "muscle": "calf", "severity": 7}, {"at": 1764558000, "muscle": "foot"}],
    "paused": {"exercise": "calf", "step": 2, "routine": False, "from": "show"},
    "sleep_log": [{"night": "2026-11-30", "hours": 6}],
}
MANGLED_VERSIONS = ("3", -1, 2.5, True, "seven")


def _overwrite_header(path: Path) -> None:
    with path.open("r+b") as damaged:
        damaged.write(bytes(100))


def _truncate(path: Path, fraction: int) -> None:
    with path.open("r+b") as damaged:
        damaged.truncate(path.stat().st_size // fraction)


@contextmanager
def _fresh_skill(table: str | None = None) -> Iterator[Path]:
    """A new skill on a new SQLite file, or on DynamoDB table `table`."""
    from cramp_helper.skill import get_skill

    with tempfile.TemporaryDirectory(prefix="cramp-records-") as folder:
        path = Path(folder) / "preferences.sqlite3"
        os.environ["PREFERENCES_DB"] = str(path)
        if table:
            os.environ["PREFERENCES_TABLE"] = table
        get_skill.cache_clear()
        try:
            yield path
        finally:
            os.environ.pop("PREFERENCES_TABLE", None)
            get_skill.cache_clear()


def damage(users: int = 300) -> dict[str, dict[str, Any]]:
    from tests.chat import Chat
    from tests.test_store_damage import kept, users_with_diaries

    results = {}
    for name, harm in DAMAGE.items():
        with _fresh_skill() as path:
            records = users_with_diaries(users)
            harm(path)
            told = "couldn't reach your saved settings" in Chat().say("GetReminderIntent").text
            salvaged = kept()
            results[name] = {
                "users": users,
                "kept": len(salvaged),
                "changed": sum(records[key] != record for key, record in salvaged.items()),
                "damaged_file_kept_aside": any(
                    p.name.startswith(path.name + ".damaged-") for p in path.parent.iterdir()
                ),
                "user_told": told,
            }
    return results


def _stores(dynamodb: Any) -> dict[str, tuple[str | None, Callable[[], dict | None], Callable[[dict], None]]]:
    """Per store: the table to use (None: SQLite), a reader and a writer of USER's raw document."""
    from cramp_helper.sqlite_store import SqlitePersistenceAdapter
    from tests.test_preferences import as_envelope

    table = dynamodb._resource().Table(dynamodb.table_name)

    def sqlite_read() -> dict | None:
        return SqlitePersistenceAdapter(Path(os.environ["PREFERENCES_DB"])).get_attributes(as_envelope(USER))

    def sqlite_write(document: dict) -> None:
        SqlitePersistenceAdapter(Path(os.environ["PREFERENCES_DB"])).save_attributes(as_envelope(USER), document)

    def dynamodb_read() -> dict | None:
        item = table.get_item(Key={"id": USER}, ConsistentRead=True).get("Item")
        return item["attributes"] if item else None

    def dynamodb_write(document: dict) -> None:
        table.put_item(Item={"id": USER, "attributes": document})

    return {
        "sqlite": (None, sqlite_read, sqlite_write),
        "dynamodb": (dynamodb.table_name, dynamodb_read, dynamodb_write),
    }


def newer_versions(dynamodb: Any) -> dict[str, dict[str, int]]:
    from simulator.envelopes import Device
    from tests.chat import Chat

    results = {}
    for store, (table, read, write) in _stores(dynamodb).items():
        with _fresh_skill(table):
            write(dict(NEWER))
            chat = Chat(Device(user_id=USER))
            chat.launch()
            chat.say("LogCrampIntent")
            chat.say("PaceIntent", pace="slower")
            saved = read() or {}
            fields = [key for key in NEWER if key != "diary"]
            lost = [key for key in fields if saved.get(key) != NEWER[key]]
            lost += [
                f"diary entry {n}" for n, entry in enumerate(NEWER["diary"]) if entry not in saved.get("diary", [])
            ]
            results[store] = {"fields_and_entries": len(fields) + len(NEWER["diary"]), "lost": len(lost)}
    return results


def mangled_versions(dynamodb: Any) -> dict[str, dict[str, int]]:
    from simulator.envelopes import Device
    from tests.chat import Chat

    results = {}
    for store, (table, read, write) in _stores(dynamodb).items():
        refused = 0
        for version in MANGLED_VERSIONS:
            with _fresh_skill(table):
                stored = Decimal(str(version)) if isinstance(version, float) else version
                write({"reminder_time": "21:00", "disclaimer_heard": True, "version": stored})
                chat = Chat(Device(user_id=USER))
                for _ in range(2):  # repaired by the first write, and writable after it
                    refused += "couldn't" in chat.say("PaceIntent", pace="longer").text
                refused += (read() or {}).get("hold_seconds") != 30
        results[store] = {"records": len(MANGLED_VERSIONS), "writes_refused": refused}
    return results


def diary(dynamodb: Any) -> dict[str, dict[str, Any]]:
    from datetime import UTC, datetime, timedelta

    from cramp_helper.record import UserRecord
    from simulator.envelopes import Device
    from tests.chat import Chat

    def entries(read: Callable[[], dict | None]) -> list[dict]:
        return [entry.to_stored() for entry in UserRecord.from_stored(read() or {}).diary]

    results = {}
    for store, (table, read, write) in _stores(dynamodb).items():
        with _fresh_skill(table):
            now = datetime.now(UTC).replace(second=0, microsecond=0)
            write({"diary_wanted": True})
            device = Device(user_id=USER, now=now - timedelta(days=2))
            chat = Chat(device)
            chat.say("LogCrampIntent", leg="left", muscle="calf")
            before = entries(read)
            device.now = now + timedelta(days=3 * 365)  # a forged or broken clock
            chat.new_session()
            chat.say("LogCrampIntent", leg="right")
            after = entries(read)
            latest = (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        with _fresh_skill(table):
            write({"diary_wanted": True})
            breakfast = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 8 AM in New York
            device = Device(user_id=USER, now=breakfast)
            chat = Chat(device)
            chat.say("LogCrampIntent", time="03:00")
            device.now = breakfast + timedelta(minutes=1)
            chat.say("LogCrampIntent", duration="PT5M")
            card = entries(read)
        results[store] = {
            "future_stamp_entries_lost": sum(entry not in after for entry in before),
            "future_stamp_bogus_entry": any(entry["at"] > latest for entry in after),
            "three_am_then_five_minutes_cramps": len(card),
        }
    return results


def private_logs(dynamodb: Any) -> dict[str, int]:
    import logging

    from simulator.envelopes import Device
    from tests.chat import Chat

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(f"{record.name} {record.getMessage()} {record.args!r}")

    device = Device(user_id="amzn1.ask.account.SECRETUSERID", device_id="amzn1.ask.device.SECRETDEVICE")
    root, handler = logging.getLogger(), Keep(logging.DEBUG)
    level, disabled = root.level, logging.root.manager.disable
    logging.disable(logging.NOTSET)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with _fresh_skill(dynamodb.table_name):
            chat = Chat(device)
            chat.say("LogCrampIntent", leg="left", muscle="calf")
            chat.say("AMAZON.YesIntent")  # to keeping a diary
            chat.say("CrampHistoryIntent")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        logging.disable(disabled)
    private = ("SECRETUSERID", "SECRETDEVICE", "diary", "calf")
    return {"log_lines": len(lines), "carrying_private_words": sum(any(w in line for w in private) for line in lines)}


def slow_store(dynamodb: Any) -> dict[str, Any]:
    import threading
    import time

    from cramp_helper.record import UserRecord
    from simulator.envelopes import Device
    from tests.chat import Chat
    from tests.dynamodb_server import ThrottlingDynamoDb

    upstream = dynamodb.environment()["AWS_ENDPOINT_URL_DYNAMODB"]
    table = dynamodb._resource().Table(dynamodb.table_name)
    stored = {"disclaimer_heard": True, "diary_wanted": True, "step_rate": "normal"}

    @contextmanager
    def behind(proxy: ThrottlingDynamoDb) -> Iterator[None]:
        """USER's record as stored, a fresh skill reaching DynamoDB through `proxy`, closed afterwards."""
        table.put_item(Item={"id": USER, "attributes": dict(stored)})
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.endpoint
        try:
            with _fresh_skill(dynamodb.table_name):
                yield
        finally:
            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = upstream
            proxy.close()

    def through(proxy: ThrottlingDynamoDb, said: str, **slots: str) -> tuple[str, float]:
        with behind(proxy):
            started = time.monotonic()
            text = Chat(Device(user_id=USER)).say(said, **slots).text
            return text, round(time.monotonic() - started, 2)

    def attributes() -> dict:
        return table.get_item(Key={"id": USER}, ConsistentRead=True)["Item"]["attributes"]

    results: dict[str, Any] = {}
    slow = {"GetItem", "UpdateItem"}
    text, took = through(ThrottlingDynamoDb(upstream, set(), slow, 2.0), "PaceIntent", pace="slower")
    results["answers_in_2_s"] = {"served": "more slowly" in text, "seconds": took}
    text, took = through(ThrottlingDynamoDb(upstream, set(), slow, 5.0), "PaceIntent", pace="slower")
    intact = attributes()["step_rate"] == "normal"
    results["answers_in_5_s"] = {"apology": "couldn't" in text, "seconds": took, "record_intact": intact}
    cut = ThrottlingDynamoDb(upstream, set())
    cut.cut = {"GetItem"}
    text, _ = through(cut, "GetReminderIntent")
    results["a_200_cut_short"] = {"apology": "couldn't reach" in text, "welcomed_as_new": "not medical advice" in text}

    late = ThrottlingDynamoDb(upstream, set(), {"UpdateItem"}, 8.0)
    with behind(late):
        chat = Chat(Device(user_id=USER))
        told = "couldn't confirm" in chat.say("LogCrampIntent").text
        late.released.set()  # DynamoDB applies the write the turn gave up on
        for _ in range(50):
            if UserRecord.from_stored(attributes()).diary:
                break
            threading.Event().wait(0.1)
        chat.say("LogCrampIntent")  # said again
        cramps = len(UserRecord.from_stored(attributes()).diary)
    results["a_write_landing_late"] = {"told_unconfirmed": told, "cramps_stored_after_saying_it_again": cramps}
    return results


def truthful_reminders() -> dict[str, bool]:
    import json
    import sqlite3
    import time
    from contextlib import closing

    from simulator.alexa_api import AlexaApiStandIn
    from simulator.envelopes import Device
    from tests.chat import Chat

    def set_at_nine(chat: Chat) -> None:
        chat.say("SetReminderIntent", time="21:00")
        chat.say("AMAZON.YesIntent")

    def claims_cancelled(text: str) -> bool:
        return text.startswith("Done") or "cancelled your" in text or "used to be" in text

    results = {}
    with AlexaApiStandIn() as api:
        os.environ["REQUESTS_CA_BUNDLE"] = api.ca_bundle
        device = Device(user_id=USER, api_endpoint=api.endpoint)
        with _fresh_skill():
            api.revoke_reminders(device.api_access_token)
            said = Chat(device).say("CancelReminderIntent").text
            results["cancel_with_none_and_no_permission_claims_done"] = claims_cancelled(said)
        api.reset()
        with _fresh_skill():
            api.grant_reminders(device.api_access_token)
            chat = Chat(device)
            set_at_nine(chat)
            api.reminders.clear()  # deleted in the Alexa app
            api.revoke_reminders(device.api_access_token)
            results["cancel_after_app_deletion_claims_done"] = claims_cancelled(chat.say("CancelReminderIntent").text)
        api.reset()
        with _fresh_skill() as path:
            api.grant_reminders(device.api_access_token)
            chat = Chat(device)
            set_at_nine(chat)
            with closing(sqlite3.connect(path)) as store, store:  # a change to 10 PM reached Alexa, then crashed
                (document,) = store.execute("SELECT attributes FROM preferences").fetchone()
                record = json.loads(document)
                rules = api.reminders[record["reminder_token"]]["trigger"]["recurrence"]
                rules["recurrenceRules"] = ["FREQ=DAILY;BYHOUR=22;BYMINUTE=0;BYSECOND=0"]
                record.update(
                    reminder_time="22:00", reminder_claim="crashed", reminder_claim_until=int(time.time()) + 60
                )
                store.execute("UPDATE preferences SET attributes = ?", (json.dumps(record),))
            said = Chat(device).say("GetReminderIntent").text
            results["after_a_crash_says_what_alexa_rings"] = "10 PM" in said
        os.environ.pop("REQUESTS_CA_BUNDLE", None)
    return results


def failures(report: dict[str, Any]) -> list[str]:
    """One line for each lost or changed record, refused write, or damage nobody was told of."""
    found = []
    for name, result in report.get("damage", {}).items():
        if result["changed"] or not result["damaged_file_kept_aside"] or not result["user_told"]:
            found.append(f"damage, {name}: {result}")
        if name == "header zeroed" and result["kept"] < result["users"]:
            found.append(f"damage, {name}: {result['kept']} of {result['users']} records kept")
    found += [
        f"newer version on {store}: {r['lost']} lost" for store, r in report.get("newer", {}).items() if r["lost"]
    ]
    found += [
        f"mangled version on {store}: {r['writes_refused']} writes refused"
        for store, r in report.get("mangled", {}).items()
        if r["writes_refused"]
    ]
    for store, result in report.get("diary", {}).items():
        if result["future_stamp_entries_lost"] or result["future_stamp_bogus_entry"]:
            found.append(f"diary on {store}: a request stamped in the future changed it: {result}")
        if result["three_am_then_five_minutes_cramps"] != 1:
            found.append(
                f"diary on {store}: 'it lasted five minutes' made {result['three_am_then_five_minutes_cramps']}"
            )
    truth = report.get("reminders", {})
    found += [f"reminders: {what}" for what, claimed in truth.items() if what.endswith("claims_done") and claimed]
    if truth and not truth["after_a_crash_says_what_alexa_rings"]:
        found.append("reminders: after a crashed change, not what Alexa rings")
    slow = report.get("slow_store", {})
    if slow:
        if not slow["answers_in_2_s"]["served"]:
            found.append("slow store: a DynamoDB answering in 2 s was not waited for")
        five = slow["answers_in_5_s"]
        if not (five["apology"] and five["record_intact"] and five["seconds"] < 6):
            found.append(f"slow store: a DynamoDB answering in 5 s: {five}")
        if not slow["a_200_cut_short"]["apology"] or slow["a_200_cut_short"]["welcomed_as_new"]:
            found.append("slow store: a 200 cut short was read as no record")
        landing = slow["a_write_landing_late"]
        if not landing["told_unconfirmed"] or landing["cramps_stored_after_saying_it_again"] != 1:
            found.append(f"slow store: a write landing late: {landing}")
    if report.get("logs", {}).get("carrying_private_words"):
        found.append(f"logs: {report['logs']['carrying_private_words']} lines carry a user id, device id or diary word")
    return found
