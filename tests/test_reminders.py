"""Nightly reminders through the SDK's Reminders and Settings clients, against the local HTTPS stand-in."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

import lambda_function
from cramp_helper.content import content_for
from cramp_helper.local_time import is_night_hour
from simulator.envelopes import Device, connections_response, envelope
from tests.chat import Chat, Reply

NINE_PM_RULE = "FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"


@pytest.fixture
def chat(alexa_api, alexa_device):
    alexa_api.grant_reminders(alexa_device.api_access_token)
    return Chat(alexa_device)


def only_reminder(alexa_api) -> dict:
    assert len(alexa_api.reminders) == 1, alexa_api.reminders
    return next(iter(alexa_api.reminders.values()))


def set_reminder(chat: Chat, time: str = "21:00"):
    confirm = chat.say("SetReminderIntent", time=time)
    assert confirm.text.endswith("Shall I set that?")
    return chat.say("AMAZON.YesIntent")


def test_remind_me_at_nine_confirms_once_then_creates_a_daily_reminder_in_the_device_zone(chat, alexa_api):
    confirm = chat.say("SetReminderIntent", time="21:00")
    assert confirm.text == "Every night at 9 PM I'll remind you to stretch your calves. Shall I set that?"
    assert alexa_api.reminders == {}
    done = chat.say("AMAZON.YesIntent")
    assert "Every night at 9 PM you'll get a reminder" in done.text
    trigger = only_reminder(alexa_api)["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    assert trigger["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]
    assert trigger["timeZoneId"] == "America/New_York"
    assert trigger["scheduledTime"].endswith("T21:00:00.000") or trigger["scheduledTime"].endswith("T21:00:00")


def test_set_get_change_cancel_get(chat, alexa_api):
    set_reminder(chat, "21:00")
    assert "set for 9 PM every night" in chat.say("GetReminderIntent").text
    set_reminder(chat, "21:30")
    rule = only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"][0]
    assert "BYHOUR=21;BYMINUTE=30" in rule  # replaced, not duplicated
    assert "9:30 PM" in chat.say("GetReminderIntent").text
    assert "cancelled your nightly reminder" in chat.say("CancelReminderIntent").text
    assert alexa_api.reminders == {}
    off = chat.say("GetReminderIntent")
    assert "reminder is off" in off.text and off.text.endswith("turn it back on?")


def test_a_second_session_sees_the_first_sessions_reminder(chat, alexa_api):
    set_reminder(chat)
    chat.say("AMAZON.StopIntent")
    later = Chat(chat.device)
    assert "set for 9 PM every night" in later.say("GetReminderIntent").text


def test_without_permission_the_skill_asks_by_voice_and_creates_it_once_accepted(alexa_api, alexa_device):
    chat = Chat(alexa_device)
    asked = set_reminder(chat)
    assert asked.ended and "need your permission" in asked.text
    (directive,) = asked.directives
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"]["permissionScope"] == "alexa::alerts:reminders:skill:readwrite"
    assert alexa_api.reminders == {}
    alexa_api.grant_reminders(alexa_device.api_access_token)
    done = chat.permission_answer("ACCEPTED")
    assert "Every night at 9 PM" in done.text
    assert only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_a_refused_permission_says_how_to_grant_it_later_with_a_consent_card(alexa_api, alexa_device, status):
    chat = Chat(alexa_device)
    set_reminder(chat)
    reply = chat.permission_answer(status)
    assert "Alexa app" in reply.text and reply.ended
    assert reply.card == {
        "type": "AskForPermissionsConsent",
        "permissions": ["alexa::alerts:reminders:skill:readwrite"],
    }
    assert alexa_api.reminders == {}


@pytest.mark.parametrize(
    "status,heard",
    [
        (400, "couldn't accept that reminder"),
        (403, "isn't allowed to take reminders"),
        (429, "busy"),
        (500, "couldn't reach Alexa's reminders"),
        (503, "couldn't reach Alexa's reminders"),
    ],
)
def test_each_reminders_error_has_its_own_spoken_answer_and_the_preference_is_kept(chat, alexa_api, status, heard):
    alexa_api.fail_next("POST reminders", status)
    reply = set_reminder(chat)
    assert heard in reply.text and not reply.ended
    pending = chat.say("GetReminderIntent")
    assert "asked for a reminder at 9 PM, but it isn't set yet" in pending.text
    assert "Every night at 9 PM" in chat.say("AMAZON.YesIntent").text  # saying yes retries
    assert len(alexa_api.reminders) == 1


def test_a_failed_change_is_not_reported_as_set_and_saying_yes_replaces_the_old_reminder(chat, alexa_api):
    set_reminder(chat, "21:00")
    alexa_api.fail_next("PUT reminders", 503)
    assert "couldn't reach Alexa's reminders" in set_reminder(chat, "22:00").text
    pending = chat.say("GetReminderIntent")
    assert "asked for a reminder at 10 PM, but it isn't set yet" in pending.text
    assert "Every night at 10 PM" in chat.say("AMAZON.YesIntent").text
    assert "BYHOUR=22" in only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"][0]
    assert "set for 10 PM every night" in chat.say("GetReminderIntent").text


def test_set_my_reminder_again_retries_the_saved_time(chat, alexa_api):
    alexa_api.fail_next("POST reminders", 500)
    set_reminder(chat)
    retry = chat.say("SetReminderIntent")
    assert retry.text.startswith("Every night at 9 PM")
    chat.say("AMAZON.YesIntent")
    assert len(alexa_api.reminders) == 1


def test_a_hung_reminders_api_times_out_with_an_apology(chat, alexa_api, monkeypatch):
    from cramp_helper.skill import get_skill

    monkeypatch.setenv("ALEXA_API_TIMEOUT", "0.5")
    get_skill.cache_clear()
    chat.say("SetReminderIntent", time="21:00")
    alexa_api.delay_next(2, "reminders")
    reply = chat.say("AMAZON.YesIntent")
    assert "couldn't reach Alexa's reminders" in reply.text


def test_a_401_from_the_api_turns_into_a_permission_request(chat, alexa_api):
    alexa_api.fail_next("POST reminders", 401)
    reply = set_reminder(chat)
    assert reply.directives and reply.directives[0]["name"] == "AskFor"


def test_a_reminder_deleted_in_the_alexa_app_is_recreated_on_change(chat, alexa_api):
    set_reminder(chat, "21:00")
    alexa_api.reminders.clear()
    set_reminder(chat, "22:00")
    assert "BYHOUR=22" in only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"][0]


@pytest.mark.parametrize(
    "value,heard",
    [
        ("NI", "What time should I remind you"),
        ("EV", "What time should I remind you"),
        ("MO", "Stretching works best shortly before bed"),
        ("25:99", "didn't catch a time"),
        ("banana", "didn't catch a time"),
    ],
)
def test_vague_or_impossible_times_are_handled_in_conversation(chat, alexa_api, value, heard):
    reply = chat.say("SetReminderIntent", time=value)
    assert heard in reply.text and not reply.ended
    assert alexa_api.reminders == {}


def test_no_time_asks_for_one(chat):
    reply = chat.say("SetReminderIntent")
    assert "What time should I remind you" in reply.text and not reply.ended
    assert chat.say("SetReminderIntent", time="21:15").text.startswith("Every night at 9:15 PM")


def test_a_reminder_in_the_small_hours_gets_a_before_bed_time_suggested(chat, alexa_api):
    reply = chat.say("SetReminderIntent", time="02:00")
    assert "2 AM would ring out loud" in reply.text and "Every night at 9 PM" in reply.text
    chat.say("AMAZON.YesIntent")
    assert only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]


def test_saying_no_to_the_confirmation_sets_nothing(chat, alexa_api):
    chat.say("SetReminderIntent", time="21:00")
    assert chat.say("AMAZON.NoIntent").ended
    assert alexa_api.reminders == {}
    assert "don't have a reminder yet" in Chat(chat.device).say("GetReminderIntent").text


def test_cancel_with_no_reminder_says_so(chat):
    assert "don't have a reminder to cancel" in chat.say("CancelReminderIntent").text


def test_a_failed_cancel_keeps_the_reminder_and_the_preference(chat, alexa_api):
    set_reminder(chat)
    alexa_api.fail_next("DELETE reminders", 503)
    assert "couldn't reach" in chat.say("CancelReminderIntent").text
    assert len(alexa_api.reminders) == 1
    assert "set for 9 PM" in chat.say("GetReminderIntent").text


def test_delete_my_data_cancels_the_reminder_too(chat, alexa_api):
    set_reminder(chat)
    chat.say("DeleteDataIntent")
    assert "deleted everything" in chat.say("AMAZON.YesIntent").text
    assert alexa_api.reminders == {}
    assert "don't have a reminder yet" in Chat(chat.device).say("GetReminderIntent").text


def test_the_time_zone_is_read_once_per_session(chat, alexa_api):
    chat.launch()
    for _ in range(3):
        chat.say("CauseIntent")
    set_reminder(chat)
    assert len(alexa_api.calls("GET", "/v2/devices/")) == 1


def test_logs_never_carry_the_user_id_or_tokens_in_full(alexa_api, caplog):
    device = Device(api_endpoint=alexa_api.endpoint, consent_token="secret-consent-token")
    alexa_api.grant_reminders(device.api_access_token)
    chat = Chat(device)
    caplog.set_level(logging.DEBUG)
    alexa_api.fail_next("POST reminders", 500)
    set_reminder(chat)
    chat.say("GetReminderIntent")
    alexa_api.fail_next("settings", 500)
    Chat(device).launch()
    logged = caplog.text
    assert "Reminders API failed" in logged and "Time zone unavailable" in logged  # the failures were logged
    for secret in (device.user_id, device.api_access_token, device.consent_token):
        assert secret not in logged


def at_local(hour: int, zone_offset_hours: int) -> datetime:
    return datetime(2026, 11, 25, (hour - zone_offset_hours) % 24, 30, tzinfo=UTC)


@pytest.mark.parametrize("hour,soft", [(23, True), (2, True), (21, False), (9, False)])
def test_night_mode_speaks_softly_by_the_devices_clock(alexa_api, hour, soft):
    alexa_api.set_time_zone("Asia/Tokyo")  # UTC+9, so server time and local time differ
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, now=at_local(hour, 9)))
    reply = chat.launch()
    assert reply.ssml.startswith('<speak><prosody volume="soft">') is soft
    assert ("I'll keep my voice down" in reply.text) is soft


@pytest.mark.parametrize(
    "locale, utc_hour, soft",
    [
        ("en-US", 8, True),
        ("en-US", 23, False),
        ("en-GB", 2, True),
        ("en-GB", 8, False),
        ("es-ES", 1, True),
        ("en-AU", 14, True),
    ],
)
def test_without_a_time_zone_the_turn_reads_the_locales_usual_zone_for_voice_and_diary(
    alexa_api, locale, utc_hour, soft
):
    """One zone for the whole turn: the night voice and the diary's time come from the same clock."""
    alexa_api.fail_next("settings", 500, times=5)
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale, now=at_local(utc_hour, 0)))
    reply = chat.launch()
    assert reply.ssml.startswith('<speak><prosody volume="soft">') is soft
    usual = ZoneInfo(content_for(locale)["usual_time_zone"])
    local = at_local(utc_hour, 0).astimezone(usual)
    assert is_night_hour(local.hour) is soft


# -- help and fallback while confirming ---------------------------------------------------------


def test_help_or_an_unrecognised_phrase_while_confirming_keeps_the_question(chat, alexa_api):
    chat.say("SetReminderIntent", time="21:00")
    help_reply = chat.say("AMAZON.HelpIntent")
    assert help_reply.text == "Say yes to set a 9 PM reminder, or no." and not help_reply.ended
    lost = chat.say("AMAZON.FallbackIntent")
    assert lost.text == "Sorry, I didn't catch that. Say yes to set a 9 PM reminder, or no."
    assert lost.reprompt == "Say yes to set a 9 PM reminder, or no."
    assert alexa_api.reminders == {}
    assert "Every night at 9 PM you'll get a reminder" in chat.say("AMAZON.YesIntent").text
    assert only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]


# -- morning and daytime times -------------------------------------------------------------------


@pytest.mark.parametrize(
    "time,heard",
    [
        ("12:30", "Every day at 12:30 PM"),
        ("15:00", "Every day at 3 PM"),
        ("18:00", "Every night at 6 PM"),
        ("21:00", "Every night at 9 PM"),
    ],
)
def test_a_daytime_time_is_never_called_every_night(chat, time, heard):
    confirm = chat.say("SetReminderIntent", time=time)
    assert confirm.text.startswith(heard) and confirm.text.endswith("Shall I set that?")
    assert confirm.text.count("?") == 1


@pytest.mark.parametrize(
    "time, evening, morning",
    [("06:00", "6 PM", "6 AM"), ("09:30", "9:30 PM", "9:30 AM"), ("11:59", "11:59 PM", "11:59 AM")],
)
def test_a_morning_time_said_without_am_or_pm_asks_which_before_setting_anything(
    chat, alexa_api, time, evening, morning
):
    """ "Set my reminder for half past nine": AMAZON.TIME says 09:30 whether or not the person meant the
    morning, and a bedtime stretch is most likely the evening."""
    asked = chat.say("SetReminderIntent", time=time)
    assert asked.text == f"Did you mean {evening}, before bed? Say yes, or no for {morning}."
    assert alexa_api.reminders == {} and not asked.ended
    assert chat.say("AMAZON.HelpIntent").text.endswith(f"Say yes for a {evening} reminder, or no for {morning}.")


def test_yes_to_the_evening_sets_the_bedtime_reminder(chat, alexa_api):
    chat.say("SetReminderIntent", time="09:30")
    done = chat.say("AMAZON.YesIntent")
    assert "Every night at 9:30 PM you'll get a reminder" in done.text
    assert "BYHOUR=21;BYMINUTE=30" in only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"][0]


def test_no_to_the_evening_sets_a_daily_morning_reminder(chat, alexa_api):
    chat.say("SetReminderIntent", time="09:00")
    done = chat.say("AMAZON.NoIntent")
    assert "Every day at 9 AM you'll get a reminder" in done.text and "night" not in done.text
    reminder = only_reminder(alexa_api)
    assert "BYHOUR=9;" in reminder["trigger"]["recurrence"]["recurrenceRules"][0]
    assert "before bed" not in reminder["alertInfo"]["spokenInfo"]["content"][0]["text"]
    assert chat.say("GetReminderIntent").text.startswith("Your stretch reminder is set for 9 AM every day.")


def test_no_to_an_afternoon_time_asks_for_the_time_instead_of_ending(chat, alexa_api):
    chat.say("SetReminderIntent", time="15:00")
    no = chat.say("AMAZON.NoIntent")
    assert not no.ended and "haven't set a reminder" in no.text and "What time should I remind you" in no.text
    assert chat.say("SetReminderIntent", time="21:00").text.startswith("Every night at 9 PM")
    chat.say("AMAZON.YesIntent")
    assert only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]


# -- cancelling without the permission -------------------------------------------------------------


def ask_to_cancel_without_permission(chat, alexa_api) -> dict:
    set_reminder(chat)
    alexa_api.revoke_reminders(chat.device.api_access_token)
    asked = chat.say("CancelReminderIntent")
    assert asked.ended and "To cancel your reminder, I need your permission" in asked.text
    (directive,) = asked.directives
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"]["permissionScope"] == "alexa::alerts:reminders:skill:readwrite"
    assert len(alexa_api.reminders) == 1
    return directive


def test_cancel_without_permission_asks_by_voice_and_cancels_once_accepted(chat, alexa_api):
    directive = ask_to_cancel_without_permission(chat, alexa_api)
    alexa_api.grant_reminders(chat.device.api_access_token)
    posts_before = len(alexa_api.calls("POST"))
    done = chat.send(connections_response("ACCEPTED", token=directive["token"]))
    assert "cancelled your nightly reminder" in done.text and not done.ended
    assert alexa_api.reminders == {} and len(alexa_api.calls("POST")) == posts_before
    assert "reminder is off" in chat.say("GetReminderIntent").text


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_a_refused_permission_to_cancel_says_how_to_delete_it_in_the_alexa_app(chat, alexa_api, status):
    directive = ask_to_cancel_without_permission(chat, alexa_api)
    reply = chat.send(connections_response(status, token=directive["token"]))
    assert "delete the reminder yourself in the Alexa app" in reply.text and reply.ended
    assert len(alexa_api.reminders) == 1


def test_a_cancel_still_refused_after_accepting_apologises_instead_of_asking_again(chat, alexa_api):
    directive = ask_to_cancel_without_permission(chat, alexa_api)
    reply = chat.send(connections_response("ACCEPTED", token=directive["token"]))
    assert "You can also delete it in the Alexa app" in reply.text and not reply.directives


# -- a reminder whose token could not be saved ----------------------------------------------------


@contextmanager
def store_refusing_writes():
    """Another writer holds the SQLite store's write lock: reads work, the skill's write times out."""
    with closing(sqlite3.connect(os.environ["PREFERENCES_DB"], isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


@contextmanager
def store_refusing_the_token():
    """The SQLite store refuses (as a full disk would) any write that carries a reminder token: the
    claim before calling Alexa is written, the answer after it is not."""
    with closing(sqlite3.connect(os.environ["PREFERENCES_DB"], isolation_level=None)) as store:
        store.execute(
            "CREATE TRIGGER refuse_token BEFORE UPDATE ON preferences "
            "WHEN json_extract(NEW.attributes, '$.reminder_token') IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        yield
        store.execute("DROP TRIGGER refuse_token")


def set_while_the_store_refuses_writes(chat, alexa_api) -> None:
    chat.launch()  # the store exists
    chat.say("SetReminderIntent", time="21:00")
    with store_refusing_the_token():
        reply = chat.say("AMAZON.YesIntent")
    assert "set for 9 PM every night, though I couldn't note it down" in reply.text
    assert len(alexa_api.reminders) == 1
    # the next turn that reads the reminder repairs the record from Alexa's list
    assert "set for 9 PM every night" in chat.say("GetReminderIntent").text


def test_a_store_refusing_every_write_creates_no_reminder_and_says_so(chat, alexa_api):
    chat.launch()
    chat.say("SetReminderIntent", time="21:00")
    with store_refusing_writes():
        reply = chat.say("AMAZON.YesIntent")
    assert "couldn't reach your saved settings" in reply.text
    assert alexa_api.reminders == {}


def test_a_lost_token_is_repaired_from_alexa_in_another_session_too(chat, alexa_api, monkeypatch):
    monkeypatch.setenv("TURN_BUDGET_SECONDS", "2")  # the claim lapses when its turn's budget would have
    chat.launch()
    chat.say("SetReminderIntent", time="21:00")
    with store_refusing_the_token():
        chat.say("AMAZON.YesIntent")
    other = Chat(chat.device)  # another session, e.g. another device: it can't know the turn is over,
    assert "set for 9 PM every night" in other.say("GetReminderIntent").text  # so it asks Alexa what rings
    with closing(sqlite3.connect(os.environ["PREFERENCES_DB"])) as store:
        until = json.loads(store.execute("SELECT attributes FROM preferences").fetchone()[0])["reminder_claim_until"]
    time.sleep(max(0.0, until - time.time() + 0.1))
    assert "set for 9 PM every night" in Chat(chat.device).say("GetReminderIntent").text
    assert len(alexa_api.reminders) == 1


def test_when_is_my_reminder_during_a_change_that_crashed_says_what_alexa_rings(chat, alexa_api):
    chat.launch()
    set_reminder(chat, "21:00")
    with closing(sqlite3.connect(os.environ["PREFERENCES_DB"])) as store, store:
        (document,) = store.execute("SELECT attributes FROM preferences").fetchone()
        record = json.loads(document)
        token = record["reminder_token"]
        alexa_api.reminders[token]["trigger"]["recurrence"]["recurrenceRules"] = [
            "FREQ=DAILY;BYHOUR=22;BYMINUTE=0;BYSECOND=0"
        ]  # the crashed turn's change reached Alexa
        record.update(reminder_time="22:00", reminder_claim="crashed", reminder_claim_until=int(time.time()) + 60)
        store.execute("UPDATE preferences SET attributes = ?", (json.dumps(record),))
    assert "set for 10 PM every night" in Chat(chat.device).say("GetReminderIntent").text


def test_setting_again_after_the_token_was_lost_replaces_the_reminder_instead_of_adding_one(chat, alexa_api):
    set_while_the_store_refuses_writes(chat, alexa_api)
    set_reminder(chat, "22:00")
    assert "BYHOUR=22" in only_reminder(alexa_api)["trigger"]["recurrence"]["recurrenceRules"][0]
    assert "set for 10 PM every night" in chat.say("GetReminderIntent").text


def test_cancelling_after_the_token_was_lost_still_finds_the_reminder(chat, alexa_api):
    set_while_the_store_refuses_writes(chat, alexa_api)
    assert "cancelled your nightly reminder" in chat.say("CancelReminderIntent").text
    assert alexa_api.reminders == {}


# -- night mode beyond the launch -----------------------------------------------------------------


def night_device(alexa_api) -> Device:
    alexa_api.set_time_zone("Asia/Tokyo")
    return Device(api_endpoint=alexa_api.endpoint, now=at_local(23, 9))


@pytest.mark.parametrize("with_session", [True, False], ids=["in a session", "without a session"])
def test_the_answer_after_granting_the_permission_at_night_is_soft(alexa_api, with_session):
    chat = Chat(night_device(alexa_api))
    set_reminder(chat)
    alexa_api.grant_reminders(chat.device.api_access_token)
    zone_reads = len(alexa_api.calls("GET", "/v2/devices/"))
    if with_session:
        done = chat.permission_answer("ACCEPTED")
    else:
        done = Reply(lambda_function.handler(envelope(connections_response("ACCEPTED"), chat.device), None))
        done.check_alexa_rules()
    assert done.ssml.startswith('<speak><prosody volume="soft">') and "Every night at 9 PM" in done.text
    assert len(alexa_api.calls("GET", "/v2/devices/")) - zone_reads == 1  # the zone is read once, not twice
    assert len(alexa_api.reminders) == 1


def test_help_and_fallback_at_night_lead_with_the_shortest_way_to_get_help(alexa_api):
    chat = Chat(night_device(alexa_api))
    chat.launch()
    help_reply = chat.say("AMAZON.HelpIntent")
    assert help_reply.text.startswith("If you have a cramp now, say: I have a cramp.")
    assert help_reply.ssml.startswith('<speak><prosody volume="soft">')
    assert "If you have a cramp now" in chat.say("AMAZON.FallbackIntent").text
    day = Chat(Device(api_endpoint=alexa_api.endpoint, now=at_local(14, 9)))
    assert "If you have a cramp now" not in day.say("AMAZON.HelpIntent").text


# -- cancelling tells the truth and leaves none of ours ringing --------------------------------------------


def test_a_reminder_alexa_created_after_a_timed_out_turn_is_cancelled_too(chat, alexa_api):
    set_reminder(chat)
    late = dict(only_reminder(alexa_api))
    alexa_api._store("late-duplicate", late)  # the first "yes" timed out, yet Alexa created it as well
    assert len(alexa_api.reminders) == 2
    assert "cancelled your nightly reminder" in chat.say("CancelReminderIntent").text
    assert alexa_api.reminders == {}


def test_cancel_without_the_permission_never_claims_it_was_done(alexa_api, alexa_device):
    alexa_api.revoke_reminders(alexa_device.api_access_token)
    answer = Chat(alexa_device).say("CancelReminderIntent")
    assert "need your permission" in answer.text and "Done" not in answer.text and "cancelled" not in answer.text


def test_cancelling_a_reminder_that_was_never_set_says_there_was_none_and_forgets_the_request(chat, alexa_api):
    alexa_api.fail_next("POST reminders", 503)
    set_reminder(chat)  # the time is saved, the reminder is not
    assert alexa_api.reminders == {}
    assert "don't have a reminder to cancel" in chat.say("CancelReminderIntent").text
    later = Chat(chat.device).say("GetReminderIntent").text
    assert "don't have a reminder yet" in later and "used to be" not in later


def test_cancel_with_no_reminder_and_no_permission_never_claims_it_cancelled_one(alexa_api, alexa_device):
    """Alexa's API answers 401 without the permission: nothing was cancelled, and nothing had been set."""
    reply = Chat(alexa_device).say("CancelReminderIntent")
    assert "cancelled" not in reply.text and "used to be" not in reply.text
    assert "don't have a reminder" in reply.text or "need your permission" in reply.text


def test_cancel_after_the_reminder_was_deleted_in_the_app_and_the_permission_withdrawn_says_what_is_true(
    chat, alexa_api
):
    set_reminder(chat)
    alexa_api.reminders.clear()  # deleted in the Alexa app
    alexa_api.revoke_reminders(chat.device.api_access_token)
    reply = chat.say("CancelReminderIntent")
    assert not reply.text.startswith("Done") and "I've cancelled" not in reply.text, reply.text
