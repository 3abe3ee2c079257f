"""Where the user is in the conversation, kept in Alexa session attributes: every key lives here.

Session attributes come back from the device as plain JSON, so they can be stale, tampered with or
corrupted. `Session` validates them once, when a turn starts: a key it does not know, or a value of
the wrong type, is dropped; accessors then check meaning (a step out of range, an unknown exercise) and
forget what does not make sense, so a broken session turns into a fresh start instead of an exception.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ask_sdk_core.handler_input import HandlerInput

from . import exercises
from .json_values import is_a
from .speech import STEP_RATES

PAGED_TOPICS = ("causes", "remedies", "nutrition")
# Alexa's whole response must stay within 24 KB and echoes the session back: the skill's own attributes
# are well under this, so a larger session was not written by it and starts afresh.
MAX_SESSION_CHARACTERS = 8000
_VALIDATED = "session_checked"  # request attribute: the session attributes this turn already validated

# Every session key and the JSON type its value must have.
FIELDS: dict[str, type] = {
    "walkthrough": dict,  # the exercise in progress (Walkthrough)
    "page": dict,  # the list being read a page at a time (Page)
    "offer": str,  # what "yes" means now (see handlers/offers.py)
    "pending_reminder": str,  # the time the open "Shall I set that?" is about, "HH:MM"
    "last": dict,  # the previous answer, for "repeat"
    "turn": int,  # turns so far, so repeated prompts rotate their wording
    "night": bool,  # night mode, decided on the session's first spoken request
    "time_zone": str,  # the device's zone, "" when it could not be learned
    "lapsed_claim": str,  # a reminder claim this session's earlier turn left behind (reminder_sync.py)
    "pace": dict,  # the user's hold and step rate, read from the record once a session (Pace)
    "diary_offered": bool,  # "shall I note it in your diary?" was asked this session (asked once)
    "pending_cramp": dict,  # the cramp said while "shall I keep a diary?" is open (PendingCramp)
    "noted_cramp": str,  # the diary time of the cramp this session noted last, for "it lasted five minutes"
    "unconfirmed_cramp": str,  # the diary time of a cramp whose write was not confirmed: it may land late
}


class Walkthrough(NamedTuple):
    """An exercise in progress: which one, which step (0-based), and whether it is the routine."""

    exercise: str
    step: int
    routine: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "step": self.step, "routine": self.routine}


# A hold the user asked for ("longer", "shorter") stays within these bounds; 0 keeps each step's own.
MIN_HOLD_SECONDS, MAX_HOLD_SECONDS = 10, 30


class Pace(NamedTuple):
    """The user's pace as this session knows it: the hold they asked for (0: each step's own), how fast
    steps are spoken (a key of speech.STEP_RATES), and whether holds start and end with a sound."""

    hold_seconds: int = 0
    step_rate: str = "normal"
    sounds: bool = True


class PendingCramp(NamedTuple):
    """A cramp the user asked to note before agreeing to a diary: noted as said if they say yes."""

    leg: str | None = None
    muscle: str | None = None
    seconds: int | None = None
    clock: str | None = None  # "HH:MM" when they said when it happened
    after_relief: bool = False  # noted from "shall I note it?" after relief: a stretch for next time follows

    @classmethod
    def from_stored(cls, raw: dict[str, Any]) -> PendingCramp | None:
        leg, muscle, seconds, clock = (raw.get(key) for key in ("leg", "muscle", "seconds", "clock"))
        said = ((leg, str), (muscle, str), (seconds, int), (clock, str))
        if set(raw) <= set(cls._fields) and all(value is None or is_a(value, kind) for value, kind in said):
            return cls(leg, muscle, seconds, clock, raw.get("after_relief") is True)
        return None


class Page(NamedTuple):
    """A list read a page at a time (causes, remedies, nutrition): which page was read last."""

    topic: str
    page: int


def session_attributes(handler_input: HandlerInput) -> dict[str, Any]:
    """The session's attributes, validated; for a request without a session (events, possibly a
    Connections.Response) the request's own attributes, so what one part of the turn notes (night
    mode, the time zone) the rest of the same turn still sees."""
    manager = handler_input.attributes_manager
    if handler_input.request_envelope.session is None:
        return manager.request_attributes
    attributes = manager.session_attributes
    if isinstance(attributes, dict) and manager.request_attributes.get(_VALIDATED) is attributes:
        return attributes  # this turn's checked copy: only the skill has written to it since
    if not isinstance(attributes, dict):
        attributes = {}
        manager.session_attributes = attributes
    for key in [key for key, value in attributes.items() if not is_a(value, FIELDS.get(key))]:
        del attributes[key]
    manager.request_attributes[_VALIDATED] = attributes
    return attributes


def check_session(handler_input: HandlerInput) -> None:
    """Once per request (interceptors.SessionCheckInterceptor): the keys typed, and a session larger than
    anything the skill writes started afresh, so it is never echoed back past Alexa's limit."""
    attributes = session_attributes(handler_input)
    if len(json.dumps(attributes, default=str)) > MAX_SESSION_CHARACTERS:
        attributes.clear()


class Session:
    """Typed, validated access to the session attributes of one turn."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.attributes: dict[str, Any] = session_attributes(handler_input)

    # -- walkthrough -------------------------------------------------------------------------
    @property
    def walkthrough(self) -> Walkthrough | None:
        """The exercise in progress, or None when there is none or what was stored is invalid."""
        raw = self.attributes.get("walkthrough")
        if raw is None:
            return None
        exercise, step = raw.get("exercise"), raw.get("step")
        if exercise in exercises.BY_ID and is_a(step, int) and 0 <= step < exercises.step_count(exercise):
            return Walkthrough(exercise, step, raw.get("routine") is True)
        self.attributes.pop("walkthrough", None)
        return None

    @walkthrough.setter
    def walkthrough(self, walkthrough: Walkthrough | None) -> None:
        if walkthrough is None:
            self.attributes.pop("walkthrough", None)
        else:
            self.attributes["walkthrough"] = walkthrough.as_dict()
            self.attributes.pop("page", None)

    # -- paged lists -------------------------------------------------------------------------
    @property
    def page(self) -> Page | None:
        raw = self.attributes.get("page") or {}
        if raw.get("topic") in PAGED_TOPICS and is_a(raw.get("page"), int) and raw["page"] >= 0:
            return Page(raw["topic"], raw["page"])
        self.attributes.pop("page", None)
        return None

    @page.setter
    def page(self, page: Page | None) -> None:
        if page is None:
            self.attributes.pop("page", None)
        else:
            self.attributes["page"] = {"topic": page.topic, "page": page.page}
            self.attributes.pop("walkthrough", None)

    # -- the user's pace, once read ---------------------------------------------------------------
    @property
    def pace(self) -> Pace | None:
        """None until read from the record this session (or when what the client sent is unusable)."""
        raw = self.attributes.get("pace")
        if raw is None:
            return None
        hold, rate, sounds = raw.get("hold"), raw.get("rate"), raw.get("sounds", True)
        held = is_a(hold, int) and (hold == 0 or MIN_HOLD_SECONDS <= hold <= MAX_HOLD_SECONDS)
        if held and rate in STEP_RATES and isinstance(sounds, bool):
            return Pace(hold, rate, sounds)
        self.attributes.pop("pace", None)
        return None

    @pace.setter
    def pace(self, pace: Pace) -> None:
        self.attributes["pace"] = {"hold": pace.hold_seconds, "rate": pace.step_rate, "sounds": pace.sounds}

    @property
    def diary_offered(self) -> bool:
        return self.attributes.get("diary_offered") is True

    @diary_offered.setter
    def diary_offered(self, value: bool) -> None:
        self.attributes["diary_offered"] = value

    @property
    def pending_cramp(self) -> PendingCramp | None:
        raw = self.attributes.get("pending_cramp")
        pending = PendingCramp.from_stored(raw) if raw is not None else None
        if pending is None:
            self.attributes.pop("pending_cramp", None)
        return pending

    @pending_cramp.setter
    def pending_cramp(self, value: PendingCramp | None) -> None:
        self._set("pending_cramp", value._asdict() if value else None)

    @property
    def noted_cramp(self) -> str | None:
        return self.attributes.get("noted_cramp")

    @noted_cramp.setter
    def noted_cramp(self, at: str) -> None:
        self.attributes["noted_cramp"] = at

    @property
    def unconfirmed_cramp(self) -> str | None:
        return self.attributes.get("unconfirmed_cramp")

    @unconfirmed_cramp.setter
    def unconfirmed_cramp(self, at: str | None) -> None:
        self._set("unconfirmed_cramp", at)

    # -- the pending question ----------------------------------------------------------------
    @property
    def offer(self) -> str | None:
        """The open offer's id as stored; handlers/offers.py decides whether it means anything."""
        return self.attributes.get("offer")

    @offer.setter
    def offer(self, value: str | None) -> None:
        self._set("offer", value)

    @property
    def pending_reminder(self) -> str | None:
        return self.attributes.get("pending_reminder")

    @pending_reminder.setter
    def pending_reminder(self, value: str | None) -> None:
        self._set("pending_reminder", value)

    # -- the previous answer, night mode, the device's zone ------------------------------------
    @property
    def last(self) -> dict[str, Any] | None:
        return self.attributes.get("last")

    @last.setter
    def last(self, value: dict[str, Any] | None) -> None:
        self._set("last", value)

    @property
    def night(self) -> bool | None:
        """None until decided for this session."""
        return self.attributes.get("night")

    @night.setter
    def night(self, value: bool) -> None:
        self.attributes["night"] = value

    @property
    def time_zone(self) -> str | None:
        """The device's zone; "" when it was asked for and could not be learned; None: not asked yet."""
        return self.attributes.get("time_zone")

    @time_zone.setter
    def time_zone(self, value: str) -> None:
        self.attributes["time_zone"] = value

    def next_turn(self) -> int:
        """Count turns so repeated prompts can vary in a predictable rotation."""
        turn: int = self.attributes.get("turn", 0) + 1
        self.attributes["turn"] = turn
        return turn

    def clear_activity(self) -> None:
        for key in ("walkthrough", "page", "offer", "pending_reminder", "pending_cramp"):
            self.attributes.pop(key, None)

    def _set(self, key: str, value: Any) -> None:
        if value is None:
            self.attributes.pop(key, None)
        else:
            self.attributes[key] = value
