"""The cramp diary, holds at your pace, and pause / resume, as conversations on both stores.

Days pass on the device's clock (the envelope's timestamp), so "three cramps over a week" really spans
a week; DynamoDB is moto's server over HTTP, SQLite the embedded default (tests/test_preferences.py).
"""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import lambda_function
from cramp_helper import skill as skill_module
from cramp_helper.content import LOCALES, content_for
from cramp_helper.record import MAX_DIARY_ENTRIES, DiaryEntry, UserRecord
from simulator.envelopes import Device, envelope, skill_disabled_event
from simulator.nlu import Nlu
from tests.chat import Chat
from tests.test_every_state import word
from tests.test_preferences import CountingSqliteAdapter, store  # noqa: F401  (the sqlite / dynamodb fixture)

USER = "amzn1.ask.account.TESTUSER"
# Devices here have no time zone the Settings API can tell: the turn reads en-US's usual zone.
NEW_YORK = ZoneInfo("America/New_York")
MONDAY_NIGHT = datetime(2026, 11, 23, 2, 10, tzinfo=NEW_YORK)  # the small hours of Monday, 23 November


def held_seconds(ssml: str) -> float:
    """How long the step's hold is: the silences in it (a step turn has no other breaks)."""
    return sum(int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', ssml)) / 1000


def diary_of(read, user: str = USER) -> list[dict]:
    """The stored diary's entries, each as its fields (the store keeps them compactly, `diary_entries.py`)."""
    return [entry.to_stored() for entry in UserRecord.from_stored(read(user)).diary]


def keeps_a_diary(write) -> None:
    """A user who said yes to a diary the first time they logged a cramp."""
    write(USER, {"diary_wanted": True})


def test_three_cramps_over_a_week_make_a_summary_of_three_with_a_card_for_the_doctor(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    for day, slots in ((0, {"leg": "left", "muscle": "calf"}), (2, {"leg": "left"}), (5, {"muscle": "calf"})):
        device.now = MONDAY_NIGHT + timedelta(days=day, minutes=day)
        chat.new_session()
        noted = chat.say("LogCrampIntent", **slots)
        assert noted.text.startswith("Noted in your diary: a cramp in your")
    assert [entry["at"] for entry in diary_of(read)] == ["2026-11-23T02:10", "2026-11-25T02:12", "2026-11-28T02:15"]
    device.now = MONDAY_NIGHT + timedelta(days=6, hours=8)
    chat.new_session()
    summary = chat.say("CrampHistoryIntent", period="this week")
    assert "you've noted three cramps" in summary.text
    assert "Mostly in your left calf, usually around 2 AM" in summary.text
    assert "three or more nights a week are worth mentioning to your doctor" in summary.text
    assert summary.text.startswith("Your last cramp was yesterday at 2:15 AM.")
    lines = summary.card["content"].splitlines()
    assert lines[1:4] == [
        "Monday, November 23, 2:10 AM: left calf",
        "Wednesday, November 25, 2:12 AM: left",
        "Saturday, November 28, 2:15 AM: calf",
    ]
    assert "not medical advice" in lines[-1]


def test_it_lasted_five_minutes_completes_the_cramp_just_noted(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    chat.say("LogCrampIntent", leg="right", muscle="toes")
    device.now = MONDAY_NIGHT + timedelta(minutes=4)
    amended = chat.say("LogCrampIntent", duration="PT5M")
    assert amended.text.startswith("Got it. I've added that to your 2:10 AM cramp: your right toes, five minutes.")
    assert diary_of(read) == [{"at": "2026-11-23T02:10", "leg": "right", "muscle": "toes", "seconds": 300}]


def test_a_cramp_with_details_logged_much_later_is_a_new_entry_not_an_amendment(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    chat.say("LogCrampIntent")
    device.now = MONDAY_NIGHT + timedelta(minutes=40)
    chat.new_session()  # Alexa's session ended long before
    second = chat.say("LogCrampIntent", leg="left", muscle="calf")
    assert second.text.startswith("Noted in your diary: a cramp in your left calf at 2:50 AM.")
    assert [entry["at"] for entry in diary_of(read)] == ["2026-11-23T02:10", "2026-11-23T02:50"]


def test_a_cramp_logged_in_the_morning_keeps_the_time_it_happened(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    chat = Chat(Device(now=datetime(2026, 11, 23, 7, 30, tzinfo=NEW_YORK)))
    assert chat.say("LogCrampIntent", time="03:00").text.startswith("Noted in your diary: a cramp at 3 AM.")
    chat.say("LogCrampIntent", time="23:15", leg="right")  # still to come today: last night
    assert [entry["at"] for entry in diary_of(read)] == ["2026-11-22T23:15", "2026-11-23T03:00"]  # in time order


def test_a_cramp_that_lasted_a_quarter_of_an_hour_gets_the_urgent_line_first_and_is_still_noted(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    reply = Chat(Device(now=MONDAY_NIGHT)).say("LogCrampIntent", duration="PT15M")
    assert reply.text.startswith(content_for("en-US")["urgent"]["long_cramp"])
    assert "noted it in your diary" in reply.text and '<prosody volume="soft">' not in reply.ssml
    assert diary_of(read) == [{"at": "2026-11-23T02:10", "seconds": 900}]


def test_a_red_flag_said_while_logging_gets_urgent_help_first_and_the_cramp_is_still_noted(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    reply = Chat(Device(now=MONDAY_NIGHT)).say("LogCrampIntent", muscle="calf", symptom="swollen")
    assert reply.text.startswith(content_for("en-US")["urgent"]["clot"])
    assert diary_of(read) == [{"at": "2026-11-23T02:10", "muscle": "calf"}]


def test_the_summary_nudges_when_cramps_come_more_often_than_the_weeks_before(store):  # noqa: F811
    _, write = store
    entries = [{"at": "2026-11-01T03:00"}] + [{"at": f"2026-11-{day}T03:00"} for day in (16, 19, 22)]
    write(USER, {"diary": entries})
    summary = Chat(Device(now=datetime(2026, 11, 29, 9, tzinfo=NEW_YORK))).say(
        "CrampHistoryIntent", period="this month"
    )
    assert "more often than in the weeks before" in summary.text


def test_an_empty_diary_says_how_to_start_one():
    assert "say: log a cramp" in Chat().say("CrampHistoryIntent").text


def test_longer_makes_the_next_hold_longer_and_is_remembered_in_a_new_session(store):  # noqa: F811
    read, _ = store
    chat = Chat()
    chat.say("StretchIntent", stretch="calf")
    chat.say("AMAZON.NextIntent")
    first_hold = chat.say("AMAZON.NextIntent")
    assert held_seconds(first_hold.ssml) == 20
    again = chat.say("PaceIntent", pace="longer")
    assert again.text.startswith("Okay, holds are now 25 seconds. Let's do that step again. Step 3 of 5.")
    assert held_seconds(again.ssml) == 25
    assert read(USER)["hold_seconds"] == 25
    chat.new_session()
    chat.say("StretchIntent", stretch="hamstring")
    assert held_seconds(chat.say("AMAZON.NextIntent").ssml) == 25


def test_holds_stay_between_ten_and_thirty_seconds():
    chat = Chat()
    for _ in range(2):
        chat.say("PaceIntent", pace="longer")
    assert "already 30 seconds, the longest" in chat.say("PaceIntent", pace="longer").text
    for _ in range(4):
        chat.say("PaceIntent", pace="shorter")
    assert "already 10 seconds, the shortest" in chat.say("PaceIntent", pace="shorter").text


def test_slower_reads_the_steps_more_slowly_and_is_remembered(store):  # noqa: F811
    read, _ = store
    chat = Chat()
    assert 'rate="90%"' in chat.say("StretchIntent", stretch="calf").ssml
    slower = chat.say("PaceIntent", pace="slower")
    assert slower.text.startswith("Okay, I'll read the steps more slowly.") and 'rate="75%"' in slower.ssml
    assert read(USER)["step_rate"] == "slow"
    chat.new_session()
    assert 'rate="75%"' in chat.say("RoutineIntent").ssml


def test_pause_then_resume_in_a_new_session_carries_on_at_the_same_step(store):  # noqa: F811
    read, _ = store
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    chat.say("StretchIntent", stretch="calf")
    chat.say("AMAZON.NextIntent")
    paused = chat.say("AMAZON.PauseIntent")
    assert paused.text.startswith("Paused at step 2 of 5 of the calf stretch.")
    assert read(USER)["paused"]["step"] == 1
    device.now = MONDAY_NIGHT + timedelta(hours=3)
    chat.new_session()
    resumed = chat.say("AMAZON.ResumeIntent")
    assert resumed.text.startswith("Picking up where you left off. Step 2 of 5.")
    assert "paused" not in (read(USER) or {})
    assert "Step 3 of 5" in chat.say("AMAZON.NextIntent").text


def test_opening_the_skill_offers_to_carry_on_a_paused_stretch(store):  # noqa: F811
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    chat.launch()
    chat.say("RoutineIntent")
    chat.say("AMAZON.PauseIntent")
    chat.new_session()
    offer = chat.launch()
    assert offer.text.endswith("Would you like to carry on where you left off?")
    assert "Step 1 of 5" in chat.say("AMAZON.YesIntent").text


def test_resuming_after_more_than_a_day_offers_a_fresh_start(store):  # noqa: F811
    read, _ = store
    device = Device(now=MONDAY_NIGHT)
    chat = Chat(device)
    chat.say("StretchIntent", stretch="hamstring")
    chat.say("AMAZON.NextIntent")
    chat.say("AMAZON.PauseIntent")
    device.now = MONDAY_NIGHT + timedelta(days=1, hours=1)
    chat.new_session()
    stale = chat.say("AMAZON.ResumeIntent")
    assert "more than a day ago, so let's start fresh" in stale.text and stale.text.endswith("?")
    assert "paused" not in (read(USER) or {})
    assert "Step 1 of 2" in chat.say("AMAZON.YesIntent").text


def test_delete_my_data_and_disabling_the_skill_erase_the_diary(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    chat = Chat()
    chat.say("LogCrampIntent", leg="left")
    assert diary_of(read)
    chat.say("DeleteDataIntent")
    assert chat.say("AMAZON.YesIntent").ended
    assert read(USER) is None
    assert "diary is empty" in Chat().say("CrampHistoryIntent").text
    Chat().say("LogCrampIntent")
    lambda_function.handler(envelope(skill_disabled_event(), Device()), None)
    assert read(USER) is None


def test_each_turn_reaches_the_store_only_as_much_as_it_needs(tmp_path, monkeypatch):
    adapter = CountingSqliteAdapter(tmp_path / "counted.sqlite3")
    monkeypatch.setattr(skill_module, "persistence_adapter_from_environment", lambda: adapter)
    skill_module.get_skill.cache_clear()
    chat = Chat()

    def calls(intent: str, **slots: str) -> list[str]:
        before = len(adapter.calls)
        chat.say(intent, **slots)
        return adapter.calls[before:]

    assert calls("CrampNowIntent") == []
    assert calls("AMAZON.YesIntent") == []  # the ten-minute check-in is a timer, not a stored record
    assert calls("LogCrampIntent", duration="PT2M") == ["read"]  # "shall I keep a diary?": nothing kept yet
    assert calls("AMAZON.YesIntent") == ["read", "write"]
    assert calls("CrampHistoryIntent") == ["read"]
    assert calls("StretchIntent", stretch="calf") == ["read"]
    assert calls("AMAZON.NextIntent") == []
    assert calls("PaceIntent", pace="longer") == ["read", "write"]
    assert calls("AMAZON.NextIntent") == []
    assert calls("AMAZON.PauseIntent") == ["read", "write"]
    chat.new_session()
    assert calls("AMAZON.ResumeIntent") == ["read", "write"]  # and the place is forgotten
    assert calls("AMAZON.NextIntent") == []


def test_the_diary_stays_within_a_year_and_a_fixed_number_of_entries():
    record = UserRecord()
    start = datetime(2025, 1, 1, 2, 0)
    for day in range(0, 800, 1):
        record = record.with_diary_entry(DiaryEntry((start + timedelta(days=day)).strftime("%Y-%m-%dT%H:%M")))
    assert record.diary[0].at >= "2026-03-01T02:00" and len(record.diary) <= 367
    for minute in range(MAX_DIARY_ENTRIES + 50):
        record = record.with_diary_entry(DiaryEntry(f"2027-03-12T{minute // 60:02d}:{minute % 60:02d}"))
    assert len(record.diary) == MAX_DIARY_ENTRIES
    assert len(json.dumps(record.to_stored())) < 5_000  # a few DynamoDB write units, not one per 1 KB of 38


def full_diary(now: datetime, count: int = MAX_DIARY_ENTRIES) -> list[dict]:
    """A year of cramps as the previous version stored them, one object per entry, oldest first."""
    legs, muscles = ("left", "right", "both", None), ("calf", "foot", "toes", "thigh", "hamstring", "shin", None)
    return [
        {
            "at": (now - timedelta(hours=17 * back)).strftime("%Y-%m-%dT%H:%M"),
            **({"leg": legs[back % 4]} if legs[back % 4] else {}),
            **({"muscle": muscles[back % 7]} if muscles[back % 7] else {}),
            **({"seconds": 30 * back} if back % 3 else {}),
        }
        for back in range(count, 0, -1)
    ]


def test_a_full_diary_kept_the_old_way_is_summarised_logged_to_and_then_stored_in_a_few_kilobytes(store):  # noqa: F811
    read, write = store
    now = MONDAY_NIGHT
    old = full_diary(now - timedelta(minutes=30))
    write(USER, {"diary_wanted": True, "diary": old})
    chat = Chat(Device(now=now))
    assert "Your last cramp was" in chat.say("CrampHistoryIntent").text
    assert chat.say("LogCrampIntent", leg="left", muscle="calf").text.startswith("Noted in your diary")
    stored = read(USER)
    assert len(json.dumps(stored)) < 5_000  # it was about 40 KB: a write now costs a few units, not forty
    assert diary_of(read) == [*old[1:], {"at": "2026-11-23T02:10", "leg": "left", "muscle": "calf"}]


def test_entries_another_version_extended_and_unreadable_items_are_written_back_beside_the_compact_ones(store):  # noqa: F811
    read, write = store
    extended = {"at": "2026-11-21T01:00", "leg": "left", "pain": 7}
    unreadable = {"when": "last night"}
    write(USER, {"diary_wanted": True, "diary": [{"at": "2026-11-20T03:00"}, extended, unreadable, "zz not a token"]})
    chat = Chat(Device(now=MONDAY_NIGHT))
    assert chat.say("LogCrampIntent").text.startswith("Noted in your diary")
    stored = read(USER)["diary"]
    assert extended in stored and unreadable in stored and "zz not a token" in stored
    assert [entry["at"] for entry in diary_of(read)] == ["2026-11-20T03:00", "2026-11-21T01:00", "2026-11-23T02:10"]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_diary_and_the_pace_speak_every_locale(locale: str):
    words = content_for(locale)
    chat = Chat(Device(locale=locale, now=MONDAY_NIGHT))
    # the locale's own words for the values (Spanish "izquierda", "pantorrilla"; the ids are the same)
    asked = chat.say("LogCrampIntent", leg=word(chat, "LegType", "left"), muscle=word(chat, "MuscleType", "calf"))
    assert asked.text == words["diary"]["consent"]
    noted = chat.say("AMAZON.YesIntent")
    assert words["diary"]["muscles"]["calf"] in noted.text and words["anything_else"] in noted.text
    summary = chat.say("CrampHistoryIntent")
    assert words["diary"]["periods"]["this_week"] in summary.text and words["diary"]["card_note"] in summary.text
    assert words["pace"]["slower"] in chat.say("PaceIntent", pace=word(chat, "PaceType", "slower")).text


@pytest.mark.parametrize(
    "said,intent,slots",
    [
        ("log a cramp", "LogCrampIntent", {}),
        ("I just had a cramp in my left calf", "LogCrampIntent", {"leg": "left", "muscle": "calf"}),
        ("note that it lasted five minutes", "LogCrampIntent", {"duration": "PT5M"}),
        ("it lasted two minutes", "LogCrampIntent", {"duration": "PT2M"}),
        ("how many cramps have I had this week", "CrampHistoryIntent", {"period": "this_week"}),
        ("when was my last cramp", "CrampHistoryIntent", {}),
        ("read my cramp diary", "CrampHistoryIntent", {}),
        ("longer", "PaceIntent", {"pace": "longer"}),
        ("hold it longer", "PaceIntent", {"pace": "longer"}),
        ("slow down", "PaceIntent", {"pace": "slower"}),
        ("that was too long", "PaceIntent", {"pace": "shorter"}),
        ("pause", "AMAZON.PauseIntent", {}),
        ("resume", "AMAZON.ResumeIntent", {}),
        ("log a cramp and my leg is swollen", "LogCrampIntent", {"symptom": "swelling"}),
        ("I had a cramp in my left calf at 3 am", "LogCrampIntent", {"leg": "left", "muscle": "calf", "time": "03:00"}),
    ],
)
def test_the_console_understands_the_diary_and_pace_phrasings(said: str, intent: str, slots: dict[str, str]):
    resolution = Nlu.from_model_file().resolve(said)
    assert resolution.intent == intent
    for name, value in slots.items():
        assert resolution.resolved.get(name, resolution.slots.get(name)) == value


def test_two_devices_logging_a_cramp_at_the_same_moment_both_get_noted(store, monkeypatch):  # noqa: F811
    """Bedroom and kitchen Echo, one user, the same second: the lost race re-reads and adds its entry."""
    monkeypatch.setenv("TURN_BUDGET_SECONDS", "30")  # a race, not a timing test
    read, write = store
    keeps_a_diary(write)
    chats = [Chat(Device(device_id=f"amzn1.ask.device.{room}", now=MONDAY_NIGHT)) for room in ("BEDROOM", "KITCHEN")]
    for chat in chats:
        chat.launch()  # the disclaimer is heard and stored first, so both turns below only add an entry
    barrier = threading.Barrier(len(chats))
    replies: list[str] = []

    def log(chat: Chat, leg: str) -> None:
        barrier.wait()
        replies.append(chat.say("LogCrampIntent", leg=leg).text)

    legs = ("left", "right")
    threads = [threading.Thread(target=log, args=(chat, leg)) for chat, leg in zip(chats, legs, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(replies) == 2 and all(reply.startswith("Noted in your diary") for reply in replies)
    assert sorted(entry.get("leg") for entry in diary_of(read)) == ["left", "right"]


def test_a_request_stamped_far_in_the_future_neither_wipes_the_diary_nor_adds_a_bogus_newest_entry(store):  # noqa: F811
    read, write = store
    keeps_a_diary(write)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    device = Device(now=now - timedelta(days=2))
    chat = Chat(device)
    chat.say("LogCrampIntent", leg="left", muscle="calf")
    kept = diary_of(read)
    assert len(kept) == 1
    device.now = now + timedelta(days=3 * 365)  # a forged or broken clock
    chat.new_session()
    chat.say("LogCrampIntent", leg="right")
    entries = diary_of(read)
    assert entries[0] == kept[0] and len(entries) == 2
    assert entries[-1]["at"] <= (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")  # the server's clock, not 2029


def test_the_first_cramp_logged_asks_to_keep_a_diary_saying_what_it_keeps_and_yes_notes_it_as_said(store):  # noqa: F811
    read, _ = store
    chat = Chat(Device(now=MONDAY_NIGHT))
    asked = chat.say("LogCrampIntent", leg="left", muscle="calf")
    for kept in ("date and time", "which leg", "how long", "delete my data", "Shall I keep it?"):
        assert kept in asked.text
    assert read(USER) is None  # nothing kept before a yes
    noted = chat.say("AMAZON.YesIntent")
    assert noted.text.startswith("Noted in your diary: a cramp in your left calf at 2:10 AM.")
    assert read(USER).keys() == {"diary_wanted", "diary"} and read(USER)["diary_wanted"] is True
    assert diary_of(read) == [{"at": "2026-11-23T02:10", "leg": "left", "muscle": "calf"}]
    chat.new_session()
    assert chat.say("LogCrampIntent", leg="right").text.startswith("Noted in your diary")  # asked once


def test_no_to_a_diary_gives_paper_diary_advice_keeps_nothing_and_is_remembered(store):  # noqa: F811
    read, _ = store
    chat = Chat(Device(now=MONDAY_NIGHT))
    chat.say("LogCrampIntent", duration="PT2M")
    declined = chat.say("AMAZON.NoIntent")
    assert declined.text.startswith("Okay, no diary. A note by the bed works well for your doctor")
    assert not declined.ended and read(USER) == {"diary_wanted": False}
    chat.new_session()
    again = chat.say("LogCrampIntent")
    assert again.text == content_for("en-US")["diary"]["consent_again"] and read(USER) == {"diary_wanted": False}
    assert chat.say("AMAZON.NoIntent").text.startswith("Okay, no diary.")
    assert chat.say("CrampHistoryIntent").text == content_for("en-US")["diary"]["consent_again"]


def test_a_red_flag_in_a_first_log_gets_only_urgent_help_and_keeps_nothing(store):  # noqa: F811
    read, _ = store
    reply = Chat(Device(now=MONDAY_NIGHT)).say("LogCrampIntent", duration="PT20M")
    assert reply.text == f"{content_for('en-US')['urgent']['long_cramp']} {content_for('en-US')['anything_else']}"
    assert read(USER) is None


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_a_deployment_without_diaries_keeps_nothing_and_offers_no_diary(store, monkeypatch, locale):  # noqa: F811
    """template.yaml's CrampDiary=off (what a certification listing uses): no health data at all."""
    read, write = store
    monkeypatch.setenv("CRAMP_DIARY", "off")
    keeps_a_diary(write)  # even a user who said yes before
    words = content_for(locale)
    chat = Chat(Device(now=MONDAY_NIGHT, locale=locale))
    logged = chat.say("LogCrampIntent", leg=word(chat, "LegType", "left"))
    assert logged.text == f"{words['diary']['paper_off']} {words['anything_else']}"
    assert chat.say("CrampHistoryIntent").text == f"{words['diary']['paper_off']} {words['anything_else']}"
    assert read(USER) == {"diary_wanted": True}  # nothing added
    chat.say("CrampNowIntent")
    after = chat.say("AMAZON.NoIntent")  # no check-in: straight to a stretch for next time, no diary offered
    assert after.text.endswith(words["cramp_now"]["offer"]) and words["diary"]["offer"] not in after.text


def test_help_in_a_deployment_without_diaries_does_not_offer_one(monkeypatch):
    monkeypatch.setenv("CRAMP_DIARY", "off")
    for locale in ("en-US", "es-ES"):
        words = content_for(locale)["help"]
        reply = Chat(Device(locale=locale)).say("AMAZON.HelpIntent")
        assert words["general_without_diary"] in reply.text and words["general"] not in reply.text


def test_a_cramp_noted_at_3_am_over_breakfast_is_completed_by_it_lasted_five_minutes(store):  # noqa: F811
    """The card for the doctor shows one cramp, not a second one 'at 8:01 AM'."""
    read, write = store
    keeps_a_diary(write)
    device = Device(now=datetime(2026, 11, 23, 13, 0, tzinfo=UTC))  # 8 AM in New York
    chat = Chat(device)
    chat.say("LogCrampIntent", time="03:00")
    device.now += timedelta(minutes=1)
    amended = chat.say("LogCrampIntent", duration="PT5M")
    assert amended.text.startswith("Got it. I've added that to your 3 AM cramp: five minutes.")
    assert diary_of(read) == [{"at": "2026-11-23T03:00", "seconds": 300}]


def test_a_full_diary_is_summarised_from_the_period_it_asks_about_exactly_as_a_full_scan_would():
    """diary.within skips the entries before the period unread (so a year's diary costs what the period
    holds); it must find exactly what reading every entry finds, at any hour and for every period."""
    from cramp_helper import diary as diary_module

    start = datetime(2025, 12, 1, 1, 30)
    entries = UserRecord.from_stored(
        {"diary": [{"at": (start + timedelta(hours=17 * i + i % 7)).strftime("%Y-%m-%dT%H:%M")} for i in range(500)]}
    ).diary
    for now in (
        datetime(2026, 6, 14, 3, 0),
        datetime(2026, 6, 14, 13, 0),
        entries[-1] and datetime.fromisoformat(entries[-1].at) + timedelta(hours=2),
    ):
        for start_days, end_days in diary_module.PERIOD_DAYS.values():
            tonight = diary_module.night_of(now)
            first, last = tonight - timedelta(days=start_days - 1), tonight - timedelta(days=end_days)
            every = [entry for entry in entries if first <= diary_module.night_of(diary_module.moment(entry)) <= last]
            assert diary_module.within(entries, now, start_days, end_days) == every


def test_a_cramp_whose_write_lands_after_the_turn_is_noted_once_when_said_again(
    dynamodb_table, throttling_dynamodb, alexa_device
):
    dynamodb_table.put_item(
        Item={"id": alexa_device.user_id, "attributes": {"diary_wanted": True, "disclaimer_heard": True}}
    )
    proxy = throttling_dynamodb(set(), slow={"UpdateItem"}, delay=8.0)
    chat = Chat(alexa_device)
    first = chat.say("LogCrampIntent")
    assert "couldn't confirm" in first.text and "only once" in first.text
    proxy.released.set()  # DynamoDB finally applies the write the turn gave up on

    def stored() -> list:
        item = dynamodb_table.get_item(Key={"id": alexa_device.user_id}, ConsistentRead=True)["Item"]
        return list(UserRecord.from_stored(item["attributes"]).diary)

    for _ in range(50):
        if stored():
            break
        threading.Event().wait(0.1)
    assert len(stored()) == 1
    again = chat.say("LogCrampIntent")
    assert "in your diary after all" in again.text
    assert len(stored()) == 1
    assert "Noted in your diary" in chat.say("LogCrampIntent", time="03:00").text  # a different cramp is new
    assert len(stored()) == 2


def test_a_cramp_whose_write_was_refused_is_noted_when_said_again(dynamodb_table, throttling_dynamodb, alexa_device):
    dynamodb_table.put_item(
        Item={"id": alexa_device.user_id, "attributes": {"diary_wanted": True, "disclaimer_heard": True}}
    )
    proxy = throttling_dynamodb({"UpdateItem"})
    chat = Chat(alexa_device)
    assert "couldn't confirm" in chat.say("LogCrampIntent").text
    proxy.throttled.clear()
    assert "Noted in your diary" in chat.say("LogCrampIntent").text
    item = dynamodb_table.get_item(Key={"id": alexa_device.user_id}, ConsistentRead=True)["Item"]
    assert len(UserRecord.from_stored(item["attributes"]).diary) == 1


def test_without_a_time_zone_a_cramp_is_noted_at_the_usual_zones_time_the_voice_used(alexa_api, store):  # noqa: F811
    alexa_api.fail_next("settings", 500, times=5)
    read, write = store
    write("amzn1.ask.account.TESTUSER", {"diary_wanted": True, "disclaimer_heard": True})
    chat = Chat(
        Device(api_endpoint=alexa_api.endpoint, now=datetime(2026, 11, 25, 8, 30, tzinfo=UTC))
    )  # 3:30 AM in New York
    reply = chat.say("LogCrampIntent")
    assert reply.ssml.startswith('<speak><prosody volume="soft">')
    assert "3:30 AM" in reply.text
    assert diary_of(read, "amzn1.ask.account.TESTUSER")[0]["at"].endswith("T03:30")
