"""Two devices of one user at once, on one store: versioned writes never lose a change, and setting the
reminder from both never makes two Alexa reminders or a stored time that is not the ringing time.
(`make reliability` runs 50 rounds per store; these are the short version.)"""

from __future__ import annotations

import json
import threading

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from bench.races import USER, race
from cramp_helper import preferences
from cramp_helper.dynamodb_store import VersionedDynamoDbAdapter
from cramp_helper.sqlite_store import SqlitePersistenceAdapter
from cramp_helper.store_keys import StaleWrite
from simulator.envelopes import Device, envelope, launch_request

ROUNDS = 6


def as_envelope(user_id: str) -> RequestEnvelope:
    return DefaultSerializer().deserialize(
        json.dumps(envelope(launch_request(), Device(user_id=user_id))), RequestEnvelope
    )


@pytest.fixture(autouse=True)
def unhurried(monkeypatch):
    """These tests are about who wins a race, not about time: a loaded machine must not fail them
    through the turn's time budget (tests/test_deadline.py tests that)."""
    monkeypatch.setenv("TURN_BUDGET_SECONDS", "30")


@pytest.fixture(params=["sqlite", "dynamodb"])
def adapter(request, tmp_path):
    if request.param == "dynamodb":
        table = request.getfixturevalue("dynamodb_table")
        return VersionedDynamoDbAdapter(table.name)
    return SqlitePersistenceAdapter(tmp_path / "preferences.sqlite3")


def test_a_write_from_a_stale_read_is_refused_not_applied(adapter):
    user = as_envelope(USER)
    first, second = adapter.get_attributes(user), adapter.get_attributes(user)
    assert first["version"] == 0
    adapter.save_attributes(user, {**first, "reminder_time": "21:00"})
    with pytest.raises(StaleWrite):
        adapter.save_attributes(user, {**second, "reminder_time": "22:00"})
    stored = adapter.get_attributes(user)
    assert stored["reminder_time"] == "21:00" and stored["version"] == 1


def test_turns_saving_at_once_all_keep_their_change(adapter, monkeypatch):
    """Eight turns of one user at once, each saving a different field: none is lost."""
    monkeypatch.setattr(preferences, "MAX_ATTEMPTS", 12)  # eight writers on one record: many races to lose
    changes = {
        "disclaimer_heard": True,
        "reminder_wanted": True,
        "reminder_time": "21:00",
        "time_zone": "Europe/London",
        "reminder_token": "token-1",
        "reminder_scheduled_time": "21:00",
        "reminder_claim": "claim-1",
        "reminder_claim_until": 1,
    }
    barrier = threading.Barrier(len(changes))
    errors = []

    def save(name):
        request_envelope = as_envelope(USER)
        handler_input = HandlerInput(
            request_envelope=request_envelope,
            attributes_manager=AttributesManager(request_envelope=request_envelope, persistence_adapter=adapter),
        )
        barrier.wait()
        try:
            preferences.save(handler_input, **{name: changes[name]})
        except Exception as error:  # surfaced below
            errors.append((name, error))

    threads = [threading.Thread(target=save, args=(name,)) for name in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = adapter.get_attributes(as_envelope(USER))
    assert {name: stored.get(name) for name in changes} == changes
    assert stored["version"] == len(changes)


def test_setting_the_reminder_from_two_devices_at_once_on_sqlite(alexa_api, tmp_path, monkeypatch):
    adapter = SqlitePersistenceAdapter(tmp_path / "preferences.sqlite3")
    user = as_envelope(USER)
    tally = race(alexa_api, lambda: adapter.get_attributes(user), lambda: adapter.delete_attributes(user), ROUNDS)
    assert tally.as_dict() | {"answers": None} == {
        "rounds": ROUNDS,
        "duplicates": 0,
        "mismatches": 0,
        "exceptions": 0,
        "answers": None,
    }
    assert tally.answers.get("set", 0) >= ROUNDS  # at least one of the two devices set it every round


def test_setting_the_reminder_from_two_devices_at_once_on_dynamodb(alexa_api, dynamodb_table):
    def read():
        item = dynamodb_table.get_item(Key={"id": USER}, ConsistentRead=True).get("Item")
        return item["attributes"] if item else None

    tally = race(alexa_api, read, lambda: dynamodb_table.delete_item(Key={"id": USER}), ROUNDS)
    assert tally.as_dict() | {"answers": None} == {
        "rounds": ROUNDS,
        "duplicates": 0,
        "mismatches": 0,
        "exceptions": 0,
        "answers": None,
    }
    assert tally.answers.get("set", 0) >= ROUNDS
