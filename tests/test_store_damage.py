"""The SQLite file going wrong under a running skill: deleted (made again), corrupted (said clearly in
the log, and "delete my data" still works, keeping the other users' records that can be read)."""
from __future__ import annotations

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


def test_a_corrupted_file_is_reported_and_delete_my_data_still_works(alexa_api, alexa_device, caplog):
    alexa_api.grant_reminders(alexa_device.api_access_token)
    chat = Chat(alexa_device)
    chat.say("SetReminderIntent", time="21:00")
    chat.say("AMAZON.YesIntent")
    assert len(alexa_api.reminders) == 1
    db().write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.ERROR):
        reply = chat.say("GetReminderIntent")
    assert "couldn't reach your saved settings" in reply.text
    assert any("corrupted" in record.getMessage() for record in caplog.records)
    done = delete_my_data(Chat(alexa_device))
    assert "deleted everything" in done.text
    assert alexa_api.reminders == {}  # found through Alexa's list, since the record could not be read
    assert any(path.name.startswith(db().name + ".corrupt-") for path in db().parent.iterdir())
    assert "don't have a reminder yet" in Chat(alexa_device).say("GetReminderIntent").text


def test_an_unreadable_row_can_be_deleted_and_other_users_keep_theirs(chat):
    Chat(Device(user_id="amzn1.ask.account.OTHER")).launch()
    chat.launch()
    with closing(sqlite3.connect(db())) as store, store:
        store.execute("UPDATE preferences SET attributes = '{broken' WHERE id = ?", (chat.device.user_id,))
    assert "couldn't reach your saved settings" in chat.say("GetReminderIntent").text
    assert "deleted everything" in delete_my_data(chat).text
    assert "not medical advice" in Chat().launch().text  # this user starts afresh
    assert "not medical advice" not in Chat(Device(user_id="amzn1.ask.account.OTHER")).launch().text
