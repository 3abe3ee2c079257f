"""Holds at the user's pace: 'longer' / 'shorter', 'slower' / 'faster', 'pause' and 'resume'.

The pace is remembered in the user's record (`pace.py`); the walkthrough takes it from the session once
read. A paused walkthrough is kept in the record for a day, so 'resume' works in this session or the
next; an older one gets a fresh start offered instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import exercises, pace
from ..lazy import on_first_use
from ..local_time import local_now
from ..session import Walkthrough
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from . import offers, replies, walkthrough
from .base import IntentHandler

if TYPE_CHECKING:
    from .. import preferences
    from .. import record as records
    from ..record import PausedWalk, UserRecord
else:
    preferences, records = on_first_use("preferences", "record")


def _unix_now(turn: Turn) -> int:
    """The request's own clock (Alexa's timestamp), in Unix seconds."""
    return int(local_now(turn.input, None).timestamp())


def change_pace(turn: Turn, direction: str) -> Response:
    """One notch longer, shorter, slower or faster, remembered; inside an exercise, "longer" and "slower"
    say the current step again at the new pace, the others carry on."""
    words = turn.content["pace"]
    walk = turn.session.walkthrough
    current = pace.current(turn.input)
    default_hold = pace.usual_hold(walk.exercise if walk else None)
    new = pace.adjusted(current, direction, default_hold)
    if new is None:
        lead = words["limit"][direction].format(seconds=current.hold_seconds or default_hold)
    else:
        lead = words[direction].format(seconds=new.hold_seconds)
        turn.session.pace = new
        try:
            preferences.save(turn.input, hold_seconds=new.hold_seconds, step_rate=new.step_rate)
        except preferences.PreferencesUnavailable:
            lead = f"{lead} {words['not_saved']}"
    if walk is not None:
        step = exercises.BY_ID[walk.exercise].steps[walk.step]
        again = new is not None and (direction == pace.SLOWER or (direction == pace.LONGER and step.hold_seconds))
        if again:
            return walkthrough.speak_step(turn, walk, prefix=f"{lead} {words['again']}")
        return turn.reply(Speech().say(lead, words["carry_on"]), Speech().say(turn.content["walkthrough"]["reprompt"]))
    question = turn.content["anything_else"]
    return turn.reply(Speech().say(lead, question), Speech().say(question), title=words["title"])


def change_sounds(turn: Turn, sounds: bool) -> Response:
    """'Quiet holds' / 'sin sonidos', or the sounds back on: remembered; an exercise carries on."""
    words = turn.content["pace"]
    lead = words[pace.SOUNDS if sounds else pace.QUIET]
    turn.session.pace = pace.current(turn.input)._replace(sounds=sounds)
    try:
        preferences.save(turn.input, hold_sounds=sounds)
    except preferences.PreferencesUnavailable:
        lead = f"{lead} {words['not_saved']}"
    if turn.session.walkthrough is not None:
        return turn.reply(Speech().say(lead, words["carry_on"]), Speech().say(turn.content["walkthrough"]["reprompt"]))
    question = turn.content["anything_else"]
    return turn.reply(Speech().say(lead, question), Speech().say(question), title=words["title"])


def pause(turn: Turn, walk: Walkthrough) -> Response:
    """Keep the place in the record (one write), so 'resume' finds it in this session or the next."""
    words = turn.content["pace"]
    paused = records.PausedWalk(walk.exercise, walk.step, walk.routine, _unix_now(turn))
    try:
        preferences.save(turn.input, paused=paused)
    except preferences.PreferencesUnavailable:
        return turn.reply(Speech().say(words["pause_not_saved"]), Speech().say(turn.content["walkthrough"]["reprompt"]))
    turn.session.clear_activity()
    text = words["paused"].format(
        number=walk.step + 1,
        total=exercises.step_count(walk.exercise),
        name=walkthrough.words_of(turn, walk.exercise)["name"],
    )
    return turn.reply(Speech().say(text), Speech().say(words["paused_reprompt"]))


def resumable(record: UserRecord, now: int) -> PausedWalk | None:
    """The paused walkthrough, if it still makes sense (a known exercise and step) and is under a day old."""
    paused = record.paused
    if paused is None or paused.exercise not in exercises.BY_ID:
        return None
    if not 0 <= paused.step < exercises.step_count(paused.exercise):
        return None
    return paused if 0 <= now - paused.at <= records.PAUSE_KEPT_SECONDS else None


def resume(turn: Turn) -> Response:
    """Carry on at the paused step (one read, one write to forget the place); after a day, offer a fresh start."""
    words = turn.content["pace"]
    try:
        record = preferences.load(turn.input)
    except preferences.PreferencesUnavailable:
        record = None
    paused = record.paused if record else None
    if record is None or paused is None or paused.exercise not in exercises.BY_ID:
        turn.session.clear_activity()
        question = turn.content["welcome"]["question"]
        return turn.reply(Speech().say(words["nothing_to_resume"], question), Speech().say(question))
    pace.remember(turn.input, record)
    fresh = resumable(record, _unix_now(turn))
    try:
        preferences.save(turn.input, paused=None)
    except preferences.PreferencesUnavailable:
        pass  # the place is kept a day at most anyway
    if fresh is None:
        turn.session.clear_activity()
        if paused.routine:
            question, offer = words["too_old_routine"], offers.offer_id("routine")
        else:
            name = walkthrough.words_of(turn, paused.exercise)["name"]
            question, offer = words["too_old"].format(name=name), offers.offer_id("exercise", paused.exercise)
        turn.session.offer = offer
        return turn.reply(Speech().say(question), Speech().say(words["fresh_reprompt"]))
    return walkthrough.speak_step(turn, Walkthrough(fresh.exercise, fresh.step, fresh.routine), prefix=words["resumed"])


def resume_offer(turn: Turn, record: UserRecord) -> str | None:
    """At launch: the question offering to carry on a walkthrough paused within the day (the offer set),
    or None. Costs nothing: the launch has read the record already."""
    paused = resumable(record, _unix_now(turn))
    if paused is None:
        return None
    words = turn.content["pace"]
    name = walkthrough.words_of(turn, paused.exercise)["name"]
    template = words["resume_offer_routine"] if paused.routine else words["resume_offer"]
    turn.session.offer = offers.offer_id("resume")
    return str(template).format(name=name, number=turn.spoken_number(paused.step + 1))


class PaceIntentHandler(IntentHandler):
    """'Longer', 'shorter', 'slower', 'faster' (and 'hold it longer', 'slow down'…), 'quiet holds'."""

    intent_name = "PaceIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        _, direction = slot_value(handler_input, "pace")
        if direction in pace.DIRECTIONS:
            return change_pace(turn, direction)
        if direction in pace.SOUND_CHOICES:
            return change_sounds(turn, direction == pace.SOUNDS)
        walk = turn.session.walkthrough  # "how long do I hold it": the hold as it is, and how to change it
        seconds = pace.current(turn.input).hold_seconds or pace.usual_hold(walk.exercise if walk else None)
        which = turn.content["pace"]["which"].format(seconds=turn.spoken_number(seconds))
        return turn.reply(Speech().say(which), Speech().say(which))


class PauseIntentHandler(IntentHandler):
    """'Pause' inside an exercise keeps the place; outside one there is nothing to pause."""

    intent_name = "AMAZON.PauseIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        walk = turn.session.walkthrough
        if walk is not None:
            return pause(turn, walk)
        question = turn.content["welcome"]["question"]
        return turn.reply(Speech().say(turn.content["pace"]["nothing_to_pause"], question), Speech().say(question))


class ResumeIntentHandler(IntentHandler):
    """'Resume': carry on where a pause left off, in this session or the next (within a day)."""

    intent_name = "AMAZON.ResumeIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return resume(Turn(handler_input))


offers.register(
    "resume",
    offers.OfferKind(
        yes=lambda turn, _: resume(turn), no=lambda turn, _: replies.main_menu(turn, turn.content["no_thanks"])
    ),
)
