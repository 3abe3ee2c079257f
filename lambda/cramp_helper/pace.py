"""The user's pace: how long holds last, how fast steps are spoken and whether holds sound, remembered in
their record.

A walkthrough reads it once a session (or takes it from the launch's read) and keeps it in the session,
so step turns after the first never touch the store. Holds stay within safe bounds: 10 to 30 seconds
(the stretching trial's 10 s holds to the seed's 30 s), changed 5 s at a time; the exercise's own
hold (`exercises.py`) is the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput

from . import exercises
from .lazy import on_first_use
from .session import MAX_HOLD_SECONDS, MIN_HOLD_SECONDS, Pace, Session
from .speech import STEP_RATES

if TYPE_CHECKING:
    from . import preferences
    from .record import UserRecord
else:
    (preferences,) = on_first_use("preferences")  # a walk whose pace the session holds reads nothing

HOLD_STEP_SECONDS = 5
RATES: tuple[str, ...] = tuple(STEP_RATES)  # slowest first
LONGER, SHORTER, SLOWER, FASTER = "longer", "shorter", "slower", "faster"
DIRECTIONS = (LONGER, SHORTER, SLOWER, FASTER)
QUIET, SOUNDS = "quiet", "sounds"  # "quiet holds" / "sounds on": PaceType ids, like the directions
SOUND_CHOICES = (QUIET, SOUNDS)


def of_record(record: UserRecord) -> Pace:
    """The pace a record keeps; anything out of bounds (another version, a hand edit) reads as the default."""
    hold = record.hold_seconds if MIN_HOLD_SECONDS <= record.hold_seconds <= MAX_HOLD_SECONDS else 0
    return Pace(hold, record.step_rate if record.step_rate in STEP_RATES else "normal", record.hold_sounds)


def remember(handler_input: HandlerInput, record: UserRecord) -> Pace:
    """Keep the record's pace in the session, so this session's steps need no read."""
    pace = of_record(record)
    Session(handler_input).pace = pace
    return pace


def current(handler_input: HandlerInput) -> Pace:
    """This session's pace: from the session, else read once from the record (the default when the store
    can't be reached: the exercise goes on at the usual pace rather than stopping)."""
    cached = Session(handler_input).pace
    if cached is not None:
        return cached
    try:
        return remember(handler_input, preferences.load(handler_input))
    except preferences.PreferencesUnavailable:
        pace = Pace()
        Session(handler_input).pace = pace
        return pace


def hold_for(step: exercises.Step, pace: Pace) -> int:
    """How long this step is held at the user's pace (0: the step is not a hold)."""
    if not step.hold_seconds:
        return 0
    # the session's copy comes back from the client: kept within the bounds whatever it says
    return min(MAX_HOLD_SECONDS, max(MIN_HOLD_SECONDS, pace.hold_seconds)) if pace.hold_seconds else step.hold_seconds


def usual_hold(exercise_id: str | None = None) -> int:
    """The default hold: the exercise's first hold (or the first exercise's that has one)."""
    candidates = [exercises.BY_ID[exercise_id]] if exercise_id in exercises.BY_ID else list(exercises.EXERCISES)
    holds = [step.hold_seconds for exercise in candidates for step in exercise.steps if step.hold_seconds]
    holds = holds or [step.hold_seconds for e in exercises.EXERCISES for step in e.steps if step.hold_seconds]
    return holds[0]


def adjusted(pace: Pace, direction: str, default_hold: int) -> Pace | None:
    """The pace one notch `direction`; None when it is already at the bound."""
    if direction in (LONGER, SHORTER):
        hold = pace.hold_seconds or default_hold
        step = HOLD_STEP_SECONDS if direction == LONGER else -HOLD_STEP_SECONDS
        new_hold = min(MAX_HOLD_SECONDS, max(MIN_HOLD_SECONDS, hold + step))
        return None if new_hold == hold else pace._replace(hold_seconds=new_hold)
    index = RATES.index(pace.step_rate) + (-1 if direction == SLOWER else 1)
    return pace._replace(step_rate=RATES[index]) if 0 <= index < len(RATES) else None
