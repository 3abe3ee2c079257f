"""Urgent help first, whatever intent a red flag arrives on; medicines and remedies answered honestly.

A red flag (chest pain, a swollen hot leg, a cramp that won't stop…) can be said inside almost any
request: "I have a cramp and my chest feels tight" is a cramp request carrying a red flag. What decides is
what the person said: every slot of the request is read (`heard.py`), by its resolved id or, when entity
resolution found nothing, by its words. The first handlers in the list answer any turn that names a red
flag with urgent help and nothing after it that could harm, and any turn that names quinine or tonic water
with the warning about it.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import resolve_locale
from ..heard import Heard, heard
from ..red_flags import WARNED_SUBSTANCES, urgent_line
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from .base import IntentHandler

_HEARD = "heard"  # request attribute: the turn's slots, read once


def heard_in(handler_input: HandlerInput) -> Heard:
    """What this request's slots said (read once per request, however many handlers ask)."""
    attributes = handler_input.attributes_manager.request_attributes
    said = attributes.get(_HEARD)
    if not isinstance(said, Heard):
        locale = resolve_locale(getattr(handler_input.request_envelope.request, "locale", None))
        said = attributes[_HEARD] = heard(handler_input, locale)
    return said


# Intents whose own answer opens with the urgent signs and gives no self-care: words about a symptom that
# nothing places ("when should I see a doctor about {symptom}") are safe with it.
UNPLACED_ANSWERED_SAFELY = ("DoctorIntent",)


def red_flag_heard(handler_input: HandlerInput) -> bool:
    """A red flag was named in any slot, or a symptom was said in words nothing places (or, described as a
    symptom, in no words at all): never an answer that could harm, so urgent help or its signs first."""
    said = heard_in(handler_input)
    if said.red_flags:
        return True
    if any(is_intent_name(name)(handler_input) for name in UNPLACED_ANSWERED_SAFELY):
        return False
    return said.unplaced_symptom or (is_intent_name("SymptomIntent")(handler_input) and not said.symptom_said)


def urgent_speech(turn: Turn, known: frozenset[str] = frozenset()) -> tuple[Speech, str]:
    """The urgent line for the most urgent red flag heard (or `known` from the conversation), and the question
    after it; for a symptom in words nothing places, the urgent signs in one sentence and how to ask for help
    with an ordinary cramp."""
    words = turn.content["urgent"]
    line = urgent_line(heard_in(turn.input).red_flags | known)
    if line == "unmatched":
        return Speech().urgent_help(words["unmatched"]), words["unplaced_hint"]
    return Speech().urgent_help(words[line]), words["follow_up"]


def urgent_help(turn: Turn, known: frozenset[str] = frozenset()) -> Response:
    turn.session.clear_activity()
    speech, question = urgent_speech(turn, known)
    return turn.reply(speech.say(question), Speech().say(question))


class RedFlagHandler(AbstractRequestHandler):
    """First in line: any turn carrying a red flag gets urgent help first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return red_flag_heard(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return urgent_help(Turn(handler_input))


def medicine_answer(turn: Turn, medicine: str | None) -> Response:
    """What the evidence says about one medicine (its "don't know that one" answer for words it can't
    place), or about medicines for cramps in general."""
    words = turn.content["medicines"]
    text = words["general"] if medicine is None else words["items"].get(medicine, words["unknown"])
    question = turn.content["anything_else"]
    turn.session.clear_activity()
    return turn.reply(Speech().say(text, question), Speech().say(question), title=words["title"])


class WarnedSubstanceHandler(AbstractRequestHandler):
    """Quinine or tonic water named in any slot, on any intent ("I have a gin and tonic every night for my
    cramps", "is magnesium better than Qualaquin"): the warning about it, never silence or a remedy."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(heard_in(handler_input).warned)

    def handle(self, handler_input: HandlerInput) -> Response:
        warned = heard_in(handler_input).warned
        return medicine_answer(Turn(handler_input), next(s for s in WARNED_SUBSTANCES if s in warned))


def item_answer(turn: Turn, section: str, slot: str) -> Response | None:
    """The section's answer for the slot's value ("pickle juice", "statins"), its "don't know that one"
    answer for words it can't place, or None when the slot was not filled."""
    said, value = slot_value(turn.input, slot)
    if said is None:
        return None
    words = turn.content[section]
    text = words["items"].get(value or "", words["unknown"])
    question = turn.content["anything_else"]
    turn.session.clear_activity()
    return turn.reply(Speech().say(text, question), Speech().say(question), title=words["title"])


class MedicineIntentHandler(IntentHandler):
    """'Should I take quinine?', 'can my statin cause cramps?': what the evidence says, never a dose."""

    intent_name = "MedicineIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        said, medicine = slot_value(handler_input, "medicine")
        return medicine_answer(turn, None if said is None else medicine or "")
