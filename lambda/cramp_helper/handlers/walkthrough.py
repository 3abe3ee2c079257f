"""Guided stretches: one step per turn, timed holds, and next / back / repeat / start over.

What each exercise is comes from `cramp_helper.exercises` (steps, holds, the routine, what follows);
the words from the locale's content. The bedtime routine is the routine's exercises in order;
finishing one moves on to the next.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import exercises, pace
from ..exercises import ROUTINE, routine_neighbour
from ..session import Session, Walkthrough
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from . import offers
from .base import IntentHandler


def start_exercise(turn: Turn, exercise: str, routine: bool = False) -> Response:
    turn.session.offer = None
    return speak_step(turn, Walkthrough(exercise, 0, routine))


def start_routine(turn: Turn) -> Response:
    return start_exercise(turn, ROUTINE[0], routine=True)


def words_of(turn: Turn, exercise: str) -> dict[str, Any]:
    words: dict[str, Any] = turn.content["exercises"][exercise]
    return words


def speak_step(turn: Turn, walk: Walkthrough, prefix: str = "") -> Response:
    """Say one step: where we are, the instruction (slowly), the timed hold, and what to say next."""
    words = turn.content["walkthrough"]
    exercise = exercises.BY_ID[walk.exercise]
    said = words_of(turn, walk.exercise)
    step = exercise.steps[walk.step]
    user_pace = pace.current(turn.input)  # read once a session, then kept in it
    turn.session.offer = None  # an offer from before this step no longer stands
    speech = Speech().say(prefix)
    if walk.step == 0:
        if walk.routine and walk.exercise == ROUTINE[0] and not prefix:  # as the routine starts, not on resuming
            speech.say(words["routine_intro"].format(names=routine_names(turn)))
        speech.say(said["intro"])
    speech.say(words["step_of"].format(number=walk.step + 1, total=len(exercise.steps)))
    speech.slowly(said["steps"][walk.step]["text"], user_pace.step_rate)
    if step.hold_seconds:
        speech.hold(
            pace.hold_for(step, user_pace),
            words["hold_start"],
            words["hold_done"],
            words["count_words"],
            sounds=user_pace.sounds,
        )
    if step.reps:
        speech.say(said["rep_word"]).count(step.reps)
    turn.session.walkthrough = walk
    turn.showing = walk  # a screen shows this step (screens.py), its countdown from the hold just spoken

    if walk.step < len(exercise.steps) - 1:
        speech.say(turn.pick(words["next_prompt"]))
        return turn.reply(speech, Speech().say(words["reprompt"]), title=said["title"])

    speech.say(said["done"])
    following = routine_neighbour(walk.exercise, 1) if walk.routine else None
    if following:
        speech.say(
            words["routine_next"].format(name=words_of(turn, following)["name"]), turn.pick(words["next_prompt"])
        )
        return turn.reply(speech, Speech().say(words["reprompt"]), title=said["title"])
    if walk.routine:
        speech.say(words["routine_done"])
    return offer_what_follows(turn, walk, speech)


def routine_names(turn: Turn) -> str:
    names = [words_of(turn, exercise)["name"] for exercise in ROUTINE]
    return str(turn.content["walkthrough"]["routine_joiner"]).join(names)


def offer_what_follows(turn: Turn, walk: Walkthrough, speech: Speech) -> Response:
    """The exercise (or the routine) is finished: ask the one question about what comes next."""
    words = turn.content["walkthrough"]
    follow_up = None if walk.routine else exercises.BY_ID[walk.exercise].follow_up
    if follow_up:
        offer = offers.offer_id("exercise", follow_up)
        question = words["finished_offer"].format(name=words_of(turn, follow_up)["name"])
    else:
        offer, question = offers.offer_id("reminder"), words["after_routine_offer"]
    turn.session.offer = offer
    speech.say(question)
    return turn.reply(speech, Speech().say(question), title=words_of(turn, walk.exercise)["title"])


def say_where_we_are(turn: Turn, template: str) -> Response | None:
    """Inside an exercise, say which step we're on (for help, or when we didn't understand)."""
    walk = turn.session.walkthrough
    if walk is None:
        return None
    text = template.format(
        number=walk.step + 1, total=exercises.step_count(walk.exercise), name=words_of(turn, walk.exercise)["name"]
    )
    return turn.reply(Speech().say(text), Speech().say(turn.content["walkthrough"]["reprompt"]))


def next_step(turn: Turn, walk: Walkthrough) -> Response:
    if walk.step + 1 < exercises.step_count(walk.exercise):
        return speak_step(turn, Walkthrough(walk.exercise, walk.step + 1, walk.routine))
    following = routine_neighbour(walk.exercise, 1) if walk.routine else None
    if following:
        return speak_step(turn, Walkthrough(following, 0, True))
    # Past the last step: the exercise is done, so say so briefly and ask again (no second hold).
    closing = turn.content["walkthrough"]["routine_done"] if walk.routine else words_of(turn, walk.exercise)["done"]
    return offer_what_follows(turn, walk, Speech().say(closing))


def previous_step(turn: Turn, walk: Walkthrough) -> Response:
    if walk.step > 0:
        return speak_step(turn, Walkthrough(walk.exercise, walk.step - 1, walk.routine))
    earlier = routine_neighbour(walk.exercise, -1) if walk.routine else None
    if earlier:
        return speak_step(turn, Walkthrough(earlier, exercises.step_count(earlier) - 1, True))
    return speak_step(turn, walk, prefix=turn.content["walkthrough"]["first_step"])


def which_stretch(turn: Turn) -> Response:
    """Ask which exercise, naming them all (built from the exercise list, in the locale's words)."""
    words = turn.content["walkthrough"]
    every = [exercise.id for exercise in exercises.EXERCISES]
    question = words["which_stretch"].format(
        count=turn.spoken_number(len(every)), names=turn.spoken_list([words_of(turn, e)["name"] for e in every])
    )
    options = turn.spoken_list([words_of(turn, e)["slot"]["value"] for e in every], "or")
    turn.session.offer = None
    return turn.reply(Speech().say(question), Speech().say(words["which_reprompt"].format(options=options)))


class StretchIntentHandler(IntentHandler):
    """'How do I stretch my calf': start the named exercise, or ask which one."""

    intent_name = "StretchIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        _, exercise = slot_value(handler_input, "stretch")
        if exercise in exercises.BY_ID:
            return start_exercise(turn, exercise)
        return which_stretch(turn)


class RoutineIntentHandler(IntentHandler):
    """'Start my bedtime routine': the routine's exercises in order."""

    intent_name = "RoutineIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_routine(Turn(handler_input))


class _WalkthroughHandler(IntentHandler):
    """Base for built-in intents that mean something special while an exercise is in progress."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input=handler_input) and Session(handler_input).walkthrough is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        walk = turn.session.walkthrough
        assert walk is not None  # can_handle checked it on the same attributes
        return self.act(turn, walk)

    def act(self, turn: Turn, walk: Walkthrough) -> Response:
        raise NotImplementedError


class WalkthroughNextHandler(_WalkthroughHandler):
    intent_name = "AMAZON.NextIntent"

    def act(self, turn: Turn, walk: Walkthrough) -> Response:
        return next_step(turn, walk)


class WalkthroughPreviousHandler(_WalkthroughHandler):
    intent_name = "AMAZON.PreviousIntent"

    def act(self, turn: Turn, walk: Walkthrough) -> Response:
        return previous_step(turn, walk)


class WalkthroughRepeatHandler(_WalkthroughHandler):
    intent_name = "AMAZON.RepeatIntent"

    def act(self, turn: Turn, walk: Walkthrough) -> Response:
        return speak_step(turn, walk)


class WalkthroughStartOverHandler(_WalkthroughHandler):
    intent_name = "AMAZON.StartOverIntent"

    def act(self, turn: Turn, walk: Walkthrough) -> Response:
        first = ROUTINE[0] if walk.routine else walk.exercise
        return speak_step(turn, Walkthrough(first, 0, walk.routine))


def _exercise_name(turn: Turn, template: str, exercise: str) -> str:
    return template.format(name=words_of(turn, exercise)["name"])


offers.register(
    "exercise",
    offers.OfferKind(yes=start_exercise, arguments=lambda: exercises.BY_ID, restate=_exercise_name),
)
offers.register("routine", offers.OfferKind(yes=lambda turn, _: start_routine(turn)))
