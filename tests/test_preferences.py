"""Preferences survive sessions in both stores: DynamoDB (over HTTP, moto's server) and SQLite."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

import lambda_function
from cramp_helper import skill as skill_module
from cramp_helper.record import SCHEMA_KEY
from cramp_helper.sqlite_store import SqlitePersistenceAdapter
from cramp_helper.store_keys import VERSION_KEY
from simulator.envelopes import Device, envelope, launch_request, skill_disabled_event
from tests.chat import Chat


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request, tmp_path):
    """Which store the skill uses; returns a reader of the stored record's fields for a user id (the
    document less its bookkeeping: schema and write counter, unless `raw`) and a writer of a raw document."""
    if request.param == "dynamodb":
        table = request.getfixturevalue("dynamodb_table")

        def read(user_id, raw=False):
            item = table.get_item(Key={"id": user_id}, ConsistentRead=True).get("Item")
            return None if not item else item["attributes"] if raw else without_bookkeeping(item["attributes"])

        def write(user_id, attributes):
            table.put_item(Item={"id": user_id, "attributes": attributes})
    else:
        adapter = SqlitePersistenceAdapter(tmp_path / "preferences.sqlite3")  # the file PREFERENCES_DB names

        def read(user_id, raw=False):
            document = adapter.get_attributes(as_envelope(user_id))
            return document if raw else without_bookkeeping(document) or None

        def write(user_id, attributes):
            adapter.save_attributes(as_envelope(user_id), attributes)

    return read, write


def without_bookkeeping(document):
    return {key: value for key, value in document.items() if key not in (SCHEMA_KEY, VERSION_KEY)}


def as_envelope(user_id: str) -> RequestEnvelope:
    body = envelope(launch_request(), Device(user_id=user_id))
    return DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)


def test_the_disclaimer_is_heard_once_per_user_across_sessions(store):
    read, _ = store
    alice = Chat(Device(user_id="amzn1.ask.account.ALICE"))
    assert "not medical advice" in alice.launch().text
    assert read("amzn1.ask.account.ALICE") == {"disclaimer_heard": True}
    alice.say("AMAZON.StopIntent")
    assert "not medical advice" not in alice.launch().text
    bob = Chat(Device(user_id="amzn1.ask.account.BOB"))
    assert "not medical advice" in bob.launch().text


def test_a_saved_reminder_is_read_back_in_a_later_session(store):
    _read, write = store
    write(
        "amzn1.ask.account.TESTUSER",
        {
            "reminder_time": "21:30",
            "reminder_wanted": True,
            "reminder_token": "token-1",
            "reminder_scheduled_time": "21:30",
            "time_zone": "Europe/London",
        },
    )
    assert "set for 9:30 PM every night" in Chat().say("GetReminderIntent").text


def test_numbers_stored_by_dynamodb_come_back_usable(store):
    _, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": "07:05", "reminder_wanted": False, "launches": 3})
    reply = Chat().say("GetReminderIntent")
    assert "reminder is off" in reply.text and "7:05 AM" in reply.text


def test_delete_my_data_asks_first_then_erases_the_record(store):
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": "21:00", "disclaimer_heard": True})
    chat = Chat()
    ask = chat.say("DeleteDataIntent")
    assert ask.text.endswith("Shall I go ahead?")
    assert read("amzn1.ask.account.TESTUSER") is not None
    done = chat.say("AMAZON.YesIntent")
    assert "deleted everything" in done.text and done.ended
    assert read("amzn1.ask.account.TESTUSER") is None


def test_saying_no_to_deleting_keeps_everything(store):
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": "21:00"})
    chat = Chat()
    chat.say("DeleteDataIntent")
    assert "kept everything" in chat.say("AMAZON.NoIntent").text
    assert read("amzn1.ask.account.TESTUSER") == {"reminder_time": "21:00"}


def test_the_skill_disabled_event_erases_the_users_record(store):
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": "21:00"})
    write("amzn1.ask.account.OTHER", {"reminder_time": "22:00"})
    response = lambda_function.handler(envelope(skill_disabled_event(), Device()), None)
    assert "outputSpeech" not in response["response"]
    assert read("amzn1.ask.account.TESTUSER") is None
    assert read("amzn1.ask.account.OTHER") == {"reminder_time": "22:00"}


def test_a_persisted_status_in_the_skill_disabled_event_keeps_the_record(store):
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": "21:00"})
    lambda_function.handler(envelope(skill_disabled_event(persisted=True), Device()), None)
    assert read("amzn1.ask.account.TESTUSER") == {"reminder_time": "21:00"}


def test_concurrent_users_never_see_each_others_preferences(store):
    read, _ = store
    users = [f"amzn1.ask.account.USER{n}" for n in range(8)]
    errors = []

    def first_visit(user_id):
        try:
            for _ in range(3):
                Chat(Device(user_id=user_id)).launch()
        except Exception as error:  # surfaced below with the user it happened to
            errors.append((user_id, error))

    threads = [threading.Thread(target=first_visit, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(read(user) == {"disclaimer_heard": True} for user in users)


class CountingSqliteAdapter(SqlitePersistenceAdapter):
    """The real embedded store, counting how often the skill reaches it."""

    def __init__(self, path):
        super().__init__(path)
        self.calls = []

    def get_attributes(self, request_envelope):
        self.calls.append("read")
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.calls.append("write")
        super().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        self.calls.append("delete")
        super().delete_attributes(request_envelope)


def test_content_turns_never_touch_the_store_and_preference_turns_touch_it_once(tmp_path, monkeypatch):
    adapter = CountingSqliteAdapter(tmp_path / "counted.sqlite3")
    monkeypatch.setattr(skill_module, "persistence_adapter_from_environment", lambda: adapter)
    skill_module.get_skill.cache_clear()
    chat = Chat()
    for intent, slots in [
        ("CauseIntent", {}),
        ("RemedyIntent", {}),
        ("CrampNowIntent", {}),
        ("DoctorIntent", {}),
        ("NutritionIntent", {}),
        ("AMAZON.HelpIntent", {}),
    ]:
        chat.say(intent, **slots)
    assert adapter.calls == []
    chat.say("StretchIntent", stretch="calf")  # the user's pace, read once a session
    assert adapter.calls == ["read"]
    for _ in range(3):
        chat.say("AMAZON.NextIntent")
    assert adapter.calls == ["read"]
    chat.say("GetReminderIntent")
    assert adapter.calls == ["read", "read"]


def test_a_missing_dynamodb_table_gets_a_spoken_apology(dynamodb_table, monkeypatch):
    monkeypatch.setenv("PREFERENCES_TABLE", "no-such-table")
    reply = Chat().say("GetReminderIntent")
    assert "couldn't reach your saved settings" in reply.text and not reply.ended


def test_an_unreachable_dynamodb_gets_a_spoken_apology(dynamodb_table, monkeypatch):
    from tests.dynamodb_server import free_port

    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", f"http://127.0.0.1:{free_port()}")
    reply = Chat().say("CancelReminderIntent")
    assert "couldn't reach your saved settings" in reply.text and not reply.ended


def test_throttled_dynamodb_reads_get_a_spoken_apology(dynamodb_table, throttling_dynamodb):
    proxy = throttling_dynamodb({"GetItem"})
    reply = Chat().say("GetReminderIntent")
    assert "couldn't reach your saved settings" in reply.text and not reply.ended
    assert set(proxy.calls) == {"GetItem"} and len(proxy.calls) >= 2  # retried once, briefly, then gave up


def test_throttled_dynamodb_writes_get_an_apology_and_lose_nothing_already_saved(dynamodb_table, throttling_dynamodb):
    user = Device().user_id
    saved = {"reminder_time": "21:00", "reminder_wanted": True, "disclaimer_heard": True}
    dynamodb_table.put_item(Item={"id": user, "attributes": saved})
    throttling_dynamodb({"UpdateItem", "DeleteItem"})
    chat = Chat()
    cancel = chat.say("CancelReminderIntent")
    assert "couldn't reach your saved settings" in cancel.text and not cancel.ended
    chat.say("DeleteDataIntent")
    assert "couldn't delete your data" in chat.say("AMAZON.YesIntent").text
    assert dynamodb_table.get_item(Key={"id": user}, ConsistentRead=True)["Item"]["attributes"] == saved


def test_at_debug_level_no_log_line_carries_the_user_id_or_the_diary(dynamodb_table, caplog):
    """botocore logs whole DynamoDB requests and responses at DEBUG: those records never appear."""
    device = Device(user_id="amzn1.ask.account.SECRETUSERID")
    with caplog.at_level(logging.DEBUG):
        chat = Chat(device)
        chat.say("LogCrampIntent", leg="left", muscle="calf")
        chat.say("AMAZON.YesIntent")  # to keeping a diary
        chat.say("CrampHistoryIntent")
    assert caplog.records is not None
    for record in caplog.records:
        assert "SECRETUSERID" not in record.getMessage() and "SECRETUSERID" not in str(record.args), record.name
        assert not (record.name.startswith(("botocore", "urllib3")) and record.levelno <= logging.DEBUG)


@pytest.mark.parametrize("version", ["3", -1, 2.5, True, "seven"])
def test_a_record_whose_version_another_writer_mangled_is_repaired_by_the_next_write(store, version):
    """Optimistic concurrency must not turn a malformed counter into a record that can never be written."""
    from decimal import Decimal

    read, write = store
    user = Device().user_id
    write(
        user,
        {
            "reminder_time": "21:00",
            "disclaimer_heard": True,
            "version": Decimal(str(version)) if isinstance(version, float) else version,
        },
    )
    chat = Chat()
    longer = chat.say("PaceIntent", pace="longer")
    assert "couldn't" not in longer.text and "Sorry" not in longer.text, longer.text
    assert read(user)["hold_seconds"] == 25 and read(user)["reminder_time"] == "21:00"
    assert "couldn't" not in chat.say("PaceIntent", pace="longer").text  # and it stays writable
    assert read(user)["hold_seconds"] == 30


def test_a_dynamodb_answer_cut_short_is_an_apology_not_a_new_user(dynamodb_table, throttling_dynamodb):
    dynamodb_table.put_item(
        Item={
            "id": "amzn1.ask.account.TESTUSER",
            "attributes": {"disclaimer_heard": True, "reminder_time": "21:00", "reminder_wanted": True},
        }
    )
    proxy = throttling_dynamodb(set())
    proxy.cut.add("GetItem")
    reply = Chat().say("GetReminderIntent")
    assert "couldn't reach your saved settings" in reply.text and "don't have a reminder" not in reply.text
    proxy.cut.clear()
    assert "don't have a reminder" not in Chat().say("GetReminderIntent").text
