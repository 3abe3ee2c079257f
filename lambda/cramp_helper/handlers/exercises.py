"""Guided stretches: one step per turn, timed holds, and next / back / repeat / start over.

The bedtime routine is the three exercises in order; finishing one moves on to the next.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import content_for
from ..session import Session, Walkthrough
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from .base import IntentHandler

ROUTINE = ("calf", "hamstring", "toe_curls")
# What to suggest after finishing an exercise on its own (the offer's key in session.OFFERS).
FOLLOW_UP_OFFER = {"calf": "hamstring_stretch", "hamstring": "reminder", "toe_curls": "reminder"}


def step_counts(content: Dict[str, Any]) -> Dict[str, int]:
    return {name: len(exercise["steps"]) for name, exercise in content["exercises"].items()}


def current_walkthrough(turn: Turn) -> Walkthrough | None:
    return turn.session.walkthrough(step_counts(turn.content))


def start_exercise(turn: Turn, exercise: str, routine: bool = False) -> Response:
    turn.session.offer = None
    return speak_step(turn, Walkthrough(exercise, 0, routine))


def start_routine(turn: Turn) -> Response:
    return start_exercise(turn, ROUTINE[0], routine=True)


def speak_step(turn: Turn, walk: Walkthrough, prefix: str = "") -> Response:
    """Say one step: where we are, the instruction (slowly), the timed hold, and what to say next."""
    words = turn.content["walkthrough"]
    exercise = turn.content["exercises"][walk.exercise]
    steps = exercise["steps"]
    step = steps[walk.step]
    turn.session.offer = None  # an offer from before this step no longer stands
    speech = Speech().say(prefix)
    if walk.step == 0:
        if walk.routine and walk.exercise == ROUTINE[0]:
            speech.say(words["routine_intro"])
        speech.say(exercise["intro"])
    speech.say(words["step_of"].format(number=walk.step + 1, total=len(steps)))
    speech.slowly(step["text"])
    if step.get("hold"):
        speech.hold(int(step["hold"]), words["hold_start"], words["hold_done"])
    if step.get("reps"):
        speech.say(words["rep_word"]).count(int(step["reps"]))
    turn.session.set_walkthrough(walk)

    last_step = walk.step == len(steps) - 1
    if not last_step:
        speech.say(turn.pick(words["next_prompt"]))
        return turn.reply(speech, Speech().say(words["reprompt"]), title=exercise["title"])

    speech.say(exercise["done"])
    if walk.routine and walk.exercise != ROUTINE[-1]:
        following = turn.content["exercises"][ROUTINE[ROUTINE.index(walk.exercise) + 1]]
        speech.say(words["routine_next"].format(name=following["name"]), turn.pick(words["next_prompt"]))
        return turn.reply(speech, Speech().say(words["reprompt"]), title=exercise["title"])
    if walk.routine:
        speech.say(words["routine_done"])
    return offer_what_follows(turn, walk, speech)


def offer_what_follows(turn: Turn, walk: Walkthrough, speech: Speech) -> Response:
    """The exercise (or the routine) is finished: ask the one question about what comes next."""
    words = turn.content["walkthrough"]
    offer = "reminder" if walk.routine else FOLLOW_UP_OFFER[walk.exercise]
    question = words["after_routine_offer"] if offer == "reminder" else words["finished_offer"]
    turn.session.offer = offer
    speech.say(question)
    return turn.reply(speech, Speech().say(question), title=turn.content["exercises"][walk.exercise]["title"])


def say_where_we_are(turn: Turn, template: str) -> Optional[Response]:
    """Inside an exercise, say which step we're on (for help, or when we didn't understand)."""
    walk = current_walkthrough(turn)
    if walk is None:
        return None
    exercise = turn.content["exercises"][walk.exercise]
    text = template.format(number=walk.step + 1, total=len(exercise["steps"]), name=exercise["name"])
    return turn.reply(Speech().say(text), Speech().say(turn.content["walkthrough"]["reprompt"]))


def next_step(turn: Turn, walk: Walkthrough) -> Response:
    steps = turn.content["exercises"][walk.exercise]["steps"]
    if walk.step + 1 < len(steps):
        return speak_step(turn, Walkthrough(walk.exercise, walk.step + 1, walk.routine))
    if walk.routine and walk.exercise != ROUTINE[-1]:
        following = ROUTINE[ROUTINE.index(walk.exercise) + 1]
        return speak_step(turn, Walkthrough(following, 0, True))
    # Past the last step: the exercise is done, so say so briefly and ask again (no second hold).
    words = turn.content["walkthrough"]
    closing = words["routine_done"] if walk.routine else turn.content["exercises"][walk.exercise]["done"]
    return offer_what_follows(turn, walk, Speech().say(closing))


def previous_step(turn: Turn, walk: Walkthrough) -> Response:
    if walk.step > 0:
        return speak_step(turn, Walkthrough(walk.exercise, walk.step - 1, walk.routine))
    if walk.routine and walk.exercise != ROUTINE[0]:
        earlier = ROUTINE[ROUTINE.index(walk.exercise) - 1]
        last = len(turn.content["exercises"][earlier]["steps"]) - 1
        return speak_step(turn, Walkthrough(earlier, last, True))
    return speak_step(turn, walk, prefix=turn.content["walkthrough"]["first_step"])


class StretchIntentHandler(IntentHandler):
    """'How do I stretch my calf': start the named exercise, or ask which one."""

    intent_name = "StretchIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        heard, exercise = slot_value(handler_input, "stretch")
        if exercise in turn.content["exercises"]:
            return start_exercise(turn, exercise)
        words = turn.content["walkthrough"]
        turn.session.offer = None
        return turn.reply(Speech().say(words["which_stretch"]), Speech().say(words["which_reprompt"]))


class RoutineIntentHandler(IntentHandler):
    """'Start my bedtime routine': calf, hamstring, then toe curls."""

    intent_name = "RoutineIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_routine(Turn(handler_input))


class _WalkthroughHandler(IntentHandler):
    """Base for built-in intents that mean something special while an exercise is in progress."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input=handler_input) and _in_walkthrough(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        walk = current_walkthrough(turn)
        return self.act(turn, walk) if walk else None  # type: ignore[return-value]

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


def _in_walkthrough(handler_input: HandlerInput) -> bool:
    """Is a valid exercise in progress? (Read-only: a Turn is built only by the handler.)"""
    content = content_for(getattr(handler_input.request_envelope.request, "locale", None))
    return Session(handler_input).walkthrough(step_counts(content)) is not None
