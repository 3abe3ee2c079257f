"""The SQLite file going wrong under a running skill: deleted (made again); damaged (the turn that finds
it apologises, the file is kept aside and said once in the log, and every record that can still be read
is in the new file, so the damage costs the other users nothing)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from simulator.envelopes import Device
from tests.chat import Chat


def db() -> Path:
    return Path(os.environ["PREFERENCES_DB"])


def delete_my_data(chat: Chat):
    chat.say("DeleteDataIntent")
    return chat.say("AMAZON.YesIntent")


def test_a_store_file_deleted_while_running_is_made_again(chat):
    chat.launch()
    assert db().exists()
    db().unlink()
    reply = chat.say("GetReminderIntent")
    assert "don't have a reminder yet" in reply.text and "saved settings" not in reply.text
    assert "not medical advice" in Chat().launch().text  # a new user again, but served, not apologised to
    assert "not medical advice" not in Chat().launch().text  # and remembered in the new file


def test_a_garbage_file_is_set_aside_once_and_the_next_turn_is_served(alexa_api, alexa_device, caplog):
    alexa_api.grant_reminders(alexa_device.api_access_token)
    chat = Chat(alexa_device)
    chat.say("SetReminderIntent", time="21:00")
    chat.say("AMAZON.YesIntent")
    assert len(alexa_api.reminders) == 1
    db().write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.ERROR):
        reply = chat.say("GetReminderIntent")
        assert "couldn't reach your saved settings" in reply.text
        assert "not medical advice" in Chat().launch().text  # the next turn is served, not apologised to
    assert len([record for record in caplog.records if "was damaged" in record.getMessage()]) == 1
    assert any(path.name.startswith(db().name + ".damaged-") for path in db().parent.iterdir())
    done = delete_my_data(Chat(alexa_device))
    assert "deleted everything" in done.text
    assert alexa_api.reminders == {}  # found through Alexa's list, since the record could not be read


def users_with_diaries(count: int) -> dict[str, dict]:
    """Stored records of `count` users, some diaries long enough to spill onto overflow pages."""
    records = {}
    for number in range(count):
        diary = [
            {"at": f"2026-11-{1 + day % 28:02d}T03:{number % 60:02d}:00", "muscle": "calf"}
            for day in range(number % 90)
        ]
        records[f"amzn1.ask.account.USER{number:04d}"] = {
            "version": 1 + number % 5,
            "disclaimer_heard": True,
            "diary": diary,
        }
    with closing(sqlite3.connect(db())) as store, store:
        store.execute("CREATE TABLE IF NOT EXISTS preferences (id TEXT PRIMARY KEY, attributes TEXT NOT NULL)")
        store.executemany(
            "INSERT INTO preferences VALUES (?, ?)", [(key, json.dumps(record)) for key, record in records.items()]
        )
    return records


def kept() -> dict[str, dict]:
    with closing(sqlite3.connect(db())) as store:
        return {key: json.loads(document) for key, document in store.execute("SELECT id, attributes FROM preferences")}


def damage_found_by_one_turn() -> None:
    assert "couldn't reach your saved settings" in Chat().say("GetReminderIntent").text


def test_a_file_whose_header_was_overwritten_loses_no_ones_record():
    records = users_with_diaries(300)
    with db().open("r+b") as damaged:
        damaged.write(bytes(100))
    damage_found_by_one_turn()
    assert kept() == records
    returning = Chat(Device(user_id="amzn1.ask.account.USER0089"))
    assert "not medical advice" not in returning.launch().text


def test_a_truncated_file_keeps_every_record_on_the_pages_that_are_left():
    records = users_with_diaries(300)
    size = db().stat().st_size
    with db().open("r+b") as damaged:
        damaged.truncate(size // 2)
    damage_found_by_one_turn()
    salvaged = kept()
    assert len(salvaged) >= 100
    assert all(records[key] == record for key, record in salvaged.items())  # whole and unchanged


def test_records_deleted_before_the_damage_stay_deleted():
    records = users_with_diaries(60)
    deleted = [f"amzn1.ask.account.USER{number:04d}" for number in range(40)]
    for user_id in deleted:
        assert "deleted everything" in delete_my_data(Chat(Device(user_id=user_id))).text
    with db().open("r+b") as damaged:
        damaged.write(bytes(100))
    damage_found_by_one_turn()
    assert sorted(kept()) == sorted(set(records) - set(deleted))
