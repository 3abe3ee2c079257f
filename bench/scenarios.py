"""What the benchmark says to both skills, and how it checks they answered correctly.

Every request is a real Alexa envelope from `simulator.envelopes`, the same ones the tests and the
console simulator send. The checks are deliberately small: a benchmark of a skill that answers wrongly
measures nothing, so `run.py` exits non-zero when one fails, but it is not a test suite.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from simulator.envelopes import Conversation, Device, envelope, intent_request, launch_request

BENCH_USER = "amzn1.ask.account.BENCHUSER"
# What the preference turn finds in the store for BENCH_USER (see SAVED_PREFERENCES).
SAVED_PREFERENCES: dict[str, Any] = {
    "disclaimer_heard": True,
    "reminder_time": "21:00",
    "reminder_wanted": True,
    "reminder_token": "bench-token",
    "reminder_scheduled_time": "21:00",
    "diary_wanted": True,
}

# A user with a year's diary at its cap beside one with none: the turns that read the record must cost about
# the same for both (issue: cost independent of history).
EMPTY_DIARY_USER = "amzn1.ask.account.BENCH-EMPTY-DIARY"
MONTH_DIARY_USER = "amzn1.ask.account.BENCH-MONTH-DIARY"
FULL_DIARY_USER = "amzn1.ask.account.BENCH-FULL-DIARY"
DIARY_ENTRIES = {EMPTY_DIARY_USER: 0, MONTH_DIARY_USER: 40, FULL_DIARY_USER: 500}  # 500: record.MAX_DIARY_ENTRIES
# What each is called in the results: "<turn>, <diary>".
DIARY_NAMES = {EMPTY_DIARY_USER: "empty diary", MONTH_DIARY_USER: "four weeks' diary", FULL_DIARY_USER: "full diary"}


def diary_preferences(now: datetime, entries: int) -> dict[str, Any]:
    """SAVED_PREFERENCES with a diary stored as the skill stores it: `entries` cramps, one every 17 hours up
    to a day before `now` (so in the past in any time zone). 40 fill the four weeks a summary's card shows;
    500 are a full year, the cap."""
    from cramp_helper.diary_entries import Diary, DiaryEntry

    legs, muscles = ("left", "right", None), ("calf", "foot", None)
    diary = [
        DiaryEntry(
            (now - timedelta(hours=24 + 17 * back)).strftime("%Y-%m-%dT%H:%M"), legs[back % 3], muscles[back % 3]
        )
        for back in range(entries, 0, -1)
    ]
    return {**SAVED_PREFERENCES, "diary": Diary(diary).to_stored()} if diary else dict(SAVED_PREFERENCES)


STRETCH = intent_request("StretchIntent", {"stretch": "calf"}, {"stretch": "calf"})
CRAMP_NOW = intent_request("CrampNowIntent")
LOG_CRAMP = intent_request(
    "LogCrampIntent",
    {"leg": "left", "muscle": "calf", "duration": "PT2M"},
    {"leg": "left", "muscle": "calf"},
    built_in_slots=("duration",),
)
GET_REMINDER = intent_request("GetReminderIntent")
HISTORY = intent_request("CrampHistoryIntent")
HELLO = intent_request("HelloWorldIntent")


@dataclass(frozen=True)
class Expectation:
    """Words an answer must contain (all of them); `label` names the turn in error messages."""

    label: str
    contains: tuple[str, ...]

    def failure(self, response: dict[str, Any] | None) -> str | None:
        """None when the answer is right, else a one-line explanation."""
        text = spoken_text(response)
        missing = [words for words in self.contains if words not in text]
        if not missing:
            return None
        return f"{self.label}: expected {missing!r} in the answer, got {text[:160]!r}"


# A one-shot stretch reads the user's pace (once a session), so the cold content turn is "I have a cramp".
CONTENT_ANSWER = Expectation("CrampNowIntent", ("Straighten your leg",))
DIARY_ANSWER = Expectation("LogCrampIntent", ("Noted in your diary",))
STRETCH_ANSWER = Expectation("StretchIntent", ("Step 1 of 5",))  # reads the pace once a session
PREFERENCE_ANSWER = Expectation("GetReminderIntent", ("Your stretch reminder is set for 9 PM",))
HELLO_ANSWER = Expectation("HelloWorldIntent", ("Hello World",))
HELLO_TZ_ANSWER = Expectation("HelloWorldIntent with the time zone", ("Hello World", "where you are"))
ERROR_WORDS = "something went wrong"


def spoken_text(response: dict[str, Any] | None) -> str:
    """The words a listener hears in a response envelope ('' when there is no speech)."""
    try:
        ssml = response["response"]["outputSpeech"]["ssml"]  # type: ignore[index]
    except (KeyError, TypeError):
        return ""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", ssml))).strip()


def one_shot(
    request: dict[str, Any], api_endpoint: str, user_id: str = BENCH_USER, display: str | None = None
) -> dict[str, Any]:
    """A request that opens a new session, as a cold Lambda usually sees ('Alexa, ask … to …').
    `api_endpoint` answers the skill's Alexa API calls (the benchmark's HTTPS stand-in); `display` a screen."""
    return envelope(
        request,
        Device(user_id=user_id, api_endpoint=api_endpoint, display=display),
        session_id="amzn1.echo-api.session.bench",
        new=True,
    )


# -- the realistic warm conversation -------------------------------------------------------------
# (request, words the answer must contain)
CONVERSATION_MIX: Sequence[tuple[dict[str, Any], str]] = (
    (launch_request(), "What would you like"),
    (STRETCH, "Step 1 of 5"),
    (intent_request("AMAZON.NextIntent"), "Step 2 of 5"),
    (intent_request("AMAZON.NextIntent"), "Step 3 of 5"),
    (intent_request("AMAZON.NextIntent"), "Step 4 of 5"),
    (intent_request("AMAZON.NextIntent"), "Step 5 of 5"),
    (intent_request("CauseIntent", {"cause": None}), "cause"),
    (intent_request("AMAZON.YesIntent"), "health conditions"),
    (intent_request("RemedyIntent"), "Warmth"),
    (intent_request("DoctorIntent"), "Call 911"),
    (intent_request("CrampNowIntent"), "Straighten your leg"),
    (intent_request("AMAZON.HelpIntent"), "check on you"),  # restates the open offer
    (intent_request("AMAZON.StopIntent"), "Sleep well"),
)
# A launch and "how have my cramps been", for each diary user.
DIARY_MIXES: dict[str, Sequence[tuple[dict[str, Any], str]]] = {
    EMPTY_DIARY_USER: ((launch_request(), "What would you like"), (HISTORY, "Your cramp diary is empty")),
    MONTH_DIARY_USER: ((launch_request(), "What would you like"), (HISTORY, "Your last cramp was")),
    FULL_DIARY_USER: ((launch_request(), "What would you like"), (HISTORY, "Your last cramp was")),
}
HELLO_MIX: Sequence[tuple[dict[str, Any], str]] = ((launch_request(), "Welcome"), (HELLO, "Hello World"))


def check_turn(label: str, response: dict[str, Any], expected: str) -> str | None:
    """One conversation turn's answer: the expected words, and never the error apology."""
    text = spoken_text(response)
    if expected in text and ERROR_WORDS not in text:
        return None
    return f"{label}: expected {expected!r} in the answer, got {text[:160]!r}"


def new_conversation(user_id: str, api_endpoint: str) -> Conversation:
    """A new session whose Alexa API calls (time zone, reminders) go to `api_endpoint`."""
    return Conversation(device=Device(user_id=user_id, api_endpoint=api_endpoint))


def turn_label(request: dict[str, Any]) -> str:
    """'StretchIntent', 'LaunchRequest'…: what a request asks, for tables and messages."""
    intent = request.get("intent") or {}
    return intent.get("name") or request.get("type", "?")


def failures(items: list[str | None]) -> list[str]:
    return [item for item in items if item]
