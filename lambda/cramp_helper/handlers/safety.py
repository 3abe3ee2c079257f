"""Urgent help first, whatever intent a red flag arrives on; medicines and remedies answered honestly.

A red flag (chest pain, a swollen hot leg, a cramp that won't stop…) can be said inside almost any
request: "I have a cramp and my chest feels tight" is a cramp request carrying a red flag. Every intent
where people mention one has a `symptom` slot, and the first handler in the list answers any turn
whose `symptom` slot was heard, before the intent's own handler can: the urgent line comes first, in a
normal voice even at night, and the session stays open.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..red_flags import SYMPTOM_SLOT, WARNED_SUBSTANCES, urgent_line
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from . import topics
from .base import IntentHandler


def red_flag_heard(handler_input: HandlerInput) -> bool:
    """A symptom was said (in any intent), or the user described one (SymptomIntent)."""
    return is_intent_name("SymptomIntent")(handler_input) or slot_value(handler_input, SYMPTOM_SLOT)[0] is not None


def urgent_help(turn: Turn) -> Response:
    """The urgent line for the symptom heard, first; for words we can't place, the urgent signs in one
    short sentence, then relief for the cramp they are probably having."""
    words = turn.content["urgent"]
    _, symptom = slot_value(turn.input, SYMPTOM_SLOT)
    line = urgent_line([symptom])
    if line == "unmatched":
        return topics.cramp_now(turn, lead=words["unmatched"])
    turn.session.clear_activity()
    question = words["follow_up"]
    speech = Speech().say(words[line], question)
    return turn.reply(speech, Speech().say(question), title=words["title"], urgent=True)


class RedFlagHandler(AbstractRequestHandler):
    """First in line: any turn carrying a red-flag symptom gets urgent help first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return red_flag_heard(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return urgent_help(Turn(handler_input))


def item_answer(turn: Turn, section: str, slot: str) -> Response | None:
    """The section's answer for the slot's value ("pickle juice", "statins"), its "don't know that one"
    answer for words it can't place, or None when the slot was not filled."""
    heard, value = slot_value(turn.input, slot)
    if heard is None:
        return None
    words = turn.content["medicines" if value in WARNED_SUBSTANCES else section]
    text = words["items"].get(value or "", words["unknown"])
    question = turn.content["anything_else"]
    turn.session.clear_activity()
    return turn.reply(Speech().say(text, question), Speech().say(question), title=words["title"])


class MedicineIntentHandler(IntentHandler):
    """'Should I take quinine?', 'can my statin cause cramps?': what the evidence says, never a dose."""

    intent_name = "MedicineIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        answered = item_answer(turn, "medicines", "medicine")
        if answered is not None:
            return answered
        words = turn.content["medicines"]
        question = turn.content["anything_else"]
        turn.session.clear_activity()
        return turn.reply(Speech().say(words["general"], question), Speech().say(question), title=words["title"])
