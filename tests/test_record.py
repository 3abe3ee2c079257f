"""The stored record: what another version wrote survives, what is unusable falls back to defaults and is
written back as it was."""

from __future__ import annotations

import json

from cramp_helper.record import SCHEMA_KEY, SCHEMA_VERSION, UserRecord
from tests.chat import Chat
from tests.test_preferences import store  # noqa: F401  (the sqlite / dynamodb fixture)


def test_a_field_written_by_another_version_survives_setting_a_reminder(store, alexa_api, alexa_device):  # noqa: F811
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"disclaimer_heard": True, "sleep_log": [{"at": "2026-11-30T02:10"}]})
    alexa_api.grant_reminders(alexa_device.api_access_token)
    chat = Chat(alexa_device)
    chat.say("SetReminderIntent", time="21:00")
    assert "Done" in chat.say("AMAZON.YesIntent").text
    saved = read("amzn1.ask.account.TESTUSER")
    assert saved["sleep_log"] == [{"at": "2026-11-30T02:10"}] and saved["disclaimer_heard"] is True
    assert saved["reminder_time"] == "21:00"


def test_a_stored_field_of_the_wrong_type_is_treated_as_unset_not_a_crash(store):  # noqa: F811
    _, write = store
    write("amzn1.ask.account.TESTUSER", {"reminder_time": 2100, "reminder_wanted": "yes", "disclaimer_heard": True})
    reply = Chat().say("GetReminderIntent")
    assert "don't have a reminder yet" in reply.text and not reply.ended


def test_the_document_names_its_schema_and_leaves_defaults_out():
    document = UserRecord(reminder_time="21:30").to_stored()
    assert document == {"reminder_time": "21:30", SCHEMA_KEY: SCHEMA_VERSION}
    assert UserRecord.from_stored(document) == UserRecord(reminder_time="21:30")


def test_a_damaged_diary_entry_is_skipped_alone_and_written_back_as_it_was():
    stored = {
        "diary": [
            {"at": "2026-11-30T02:10", "leg": "left"},
            {"at": "yesterday"},
            "not an entry",
            {"at": "2026-12-01T03:00", "seconds": "long"},
        ],
        "paused": {"exercise": "calf", "step": "two"},
        "hold_seconds": 25,
    }
    record = UserRecord.from_stored(stored)
    assert [entry.at for entry in record.diary] == ["2026-11-30T02:10", "2026-12-01T03:00"]
    assert record.diary[0].leg == "left" and record.diary[1].seconds is None
    assert record.paused is None and record.hold_seconds == 25
    document = record.to_stored()
    assert sorted(json.dumps(entry, sort_keys=True) for entry in document["diary"]) == sorted(
        json.dumps(entry, sort_keys=True) for entry in stored["diary"]
    )
    assert document["paused"] == stored["paused"]


def test_a_newer_versions_record_survives_a_cramp_logged_and_a_pace_changed(store):  # noqa: F811
    read, write = store
    newer = {
        "schema": 3,
        "disclaimer_heard": True,
        "diary_wanted": True,
        "hold_seconds": "20s",
        "diary": [
            {"at": "2026-12-01T03:00", "muscle": "calf", "severity": 7, "note_id": "n1"},
            {"at": 1764558000, "muscle": "foot"},
        ],
        "paused": {"exercise": "calf", "step": 2, "routine": False, "at": 1764558000, "from": "show"},
        "sleep_log": [{"night": "2026-11-30", "hours": 6}],
    }
    write("amzn1.ask.account.TESTUSER", dict(newer))
    chat = Chat()
    chat.launch()
    assert "noted" in chat.say("LogCrampIntent").text.lower()
    chat.say("PaceIntent", pace="slower")
    saved = read("amzn1.ask.account.TESTUSER")
    assert read("amzn1.ask.account.TESTUSER", raw=True)["schema"] == 3
    assert saved["hold_seconds"] == "20s" and saved["step_rate"] == "slow"
    assert saved["sleep_log"] == newer["sleep_log"] and saved["paused"] == newer["paused"]
    assert newer["diary"][0] in saved["diary"] and newer["diary"][1] in saved["diary"]
    assert len(saved["diary"]) == 3


def test_a_diary_stored_out_of_order_is_read_oldest_first():
    """Another version, or a hand edit, may store entries in any order; every summary relies on time order."""
    from cramp_helper.record import UserRecord

    record = UserRecord.from_stored(
        {"diary": [{"at": "2026-11-25T02:00"}, {"at": "2026-11-20T03:00"}, {"at": "2026-11-23T01:00"}]}
    )
    assert [entry.at for entry in record.diary] == ["2026-11-20T03:00", "2026-11-23T01:00", "2026-11-25T02:00"]


def test_what_an_operator_keeps_beside_the_record_on_the_dynamodb_item_stays(dynamodb_table):
    dynamodb_table.put_item(
        Item={
            "id": "amzn1.ask.account.TESTUSER",
            "attributes": {"disclaimer_heard": True},
            "expires_at": 1798761600,
            "cohort": "pilot",
        }
    )
    chat = Chat()
    chat.launch()
    chat.say("PaceIntent", pace="slower")
    item = dynamodb_table.get_item(Key={"id": "amzn1.ask.account.TESTUSER"}, ConsistentRead=True)["Item"]
    assert item["expires_at"] == 1798761600 and item["cohort"] == "pilot"
    assert item["attributes"]["step_rate"] == "slow"


def test_every_leg_muscle_and_length_comes_back_from_the_compact_diary_as_it_was_said():
    from itertools import product

    from cramp_helper.diary_entries import LEG_CODES, MUSCLE_CODES, Diary, DiaryEntry

    times = ("2000-01-01T00:00", "2026-11-23T02:10", "2026-12-31T23:59", "2114-06-01T00:00")
    entries = [
        DiaryEntry(at, leg, muscle, seconds)
        for at, leg, muscle, seconds in product(times, LEG_CODES, MUSCLE_CODES, (None, 1, 59, 600, 46_656))
    ]
    stored = Diary(entries).to_stored()
    assert len(stored) == 1 and isinstance(stored[0], str)  # every one fits the compact form
    assert list(Diary.from_stored(json.loads(json.dumps(stored)))) == entries
    for outside in (DiaryEntry("1999-12-31T23:59", "left"), DiaryEntry("2115-06-01T00:00")):  # kept whole
        assert Diary([outside]).to_stored() == [outside.to_stored()]
