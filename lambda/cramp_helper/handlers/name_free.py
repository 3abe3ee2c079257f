"""Name-free requests: Alexa asks, before "Alexa, how do I stop a leg cramp?" reaches any skill, whether this
one can answer it (`CanFulfillIntentRequest`).

Answered from the request and the content alone: no speech, no session change, no store, no Alexa API call
(the night-mode interceptor answers only spoken requests). YES for the skill's cramp intents whose slot values
it knows; MAYBE when a slot's words are not ones it knows (it would answer in general); NO for emergencies
(a symptom heard, a red flag in any slot's words, a symptom described, a possible clot: they belong to
emergency services, not to a skill),
for reminders and data (the skill's own business, asked for by name), and for anything else.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.canfulfill import (
    CanFulfillIntent,
    CanFulfillIntentValues,
    CanFulfillSlot,
    CanFulfillSlotValues,
    CanUnderstandSlotValues,
)

from ..content import content_for
from ..red_flags import SYMPTOM_SLOT
from ..slots import slot_value
from .base import RequestTypeHandler
from .safety import heard_in

YES, MAYBE, NO = "YES", "MAYBE", "NO"
# The cramp intents a stranger may ask for without the skill's name: each slot they answer, and the content
# section whose items are the values known (ids of the model's slot types). "exercises": the exercises and their
# slot words; "muscles": the muscles with an answer of their own, and those the exercises stretch (the calf).
CRAMP_INTENTS: dict[str, dict[str, str]] = {
    "CrampNowIntent": {},
    "StretchIntent": {"stretch": "exercises"},
    "RoutineIntent": {},
    "CauseIntent": {"cause": "causes"},
    "RemedyIntent": {"remedy": "remedies"},
    "NutritionIntent": {"nutrient": "nutrition"},
    "PreventionIntent": {},
    "DoctorIntent": {},
    "RestlessLegsIntent": {},
    "MedicineIntent": {"medicine": "medicines"},
    "CrampSiteIntent": {"muscle": "muscles"},
    "SorenessIntent": {},
    "GrowingPainsIntent": {},
    "AgeIntent": {},
    "HeartIntent": {},
}
EMERGENCY_INTENTS = ("SymptomIntent", "ClotIntent")  # never claimed: emergency services come first
# The user's own settings and diary: asked of this skill by name, never of a stranger (answered NO). Every
# intent of the skill is in exactly one of these three lists (tests/test_name_free.py), so a new one is a choice.
BY_NAME_ONLY = (
    "SetReminderIntent",
    "GetReminderIntent",
    "CancelReminderIntent",
    "DeleteDataIntent",
    "LogCrampIntent",
    "CrampHistoryIntent",
    "PaceIntent",
    "CrampGoneIntent",
)
# A heard value the skill can't place: most answers say so and help in general (MAYBE); a cramp somewhere
# that is not the leg ("my hand") is not this skill's to answer (NO).
UNPLACED_SLOT_MEANS_NO = ("muscle",)


def can_fulfill(handler_input: HandlerInput) -> tuple[str, dict[str, tuple[str, str]]]:
    """(the intent's answer, {slot: (canUnderstand, canFulfill)}) for the request's intent and slots."""
    name = getattr(getattr(handler_input.request_envelope.request, "intent", None), "name", None)
    if (
        name in EMERGENCY_INTENTS
        or slot_value(handler_input, SYMPTOM_SLOT)[0] is not None
        or heard_in(handler_input).red_flags
    ):  # a red flag in any slot's words
        return NO, {}
    if name not in CRAMP_INTENTS:
        return NO, {}
    content = content_for(getattr(handler_input.request_envelope.request, "locale", None))
    answer, slots = YES, {}
    for slot, section in CRAMP_INTENTS[name].items():
        heard, value = slot_value(handler_input, slot)
        if heard is None:
            continue
        if _known(content, section, heard, value):
            slots[slot] = (YES, YES)
        elif slot in UNPLACED_SLOT_MEANS_NO:
            slots[slot], answer = (NO, NO), NO
        else:
            slots[slot] = (MAYBE, NO)
            answer = MAYBE if answer == YES else answer
    return answer, slots


def _known(content: dict[str, Any], section: str, heard: str, value: str | None) -> bool:
    """Is the slot's value one the skill has an answer for: the value Alexa resolved, or the words heard?"""
    if section == "exercises":
        words = {
            exercise: [said["slot"]["value"], *said["slot"]["synonyms"]]
            for exercise, said in content["exercises"].items()
        }
        ids = set(words)
        spoken = {word.lower() for synonyms in words.values() for word in synonyms}
    elif section == "muscles":
        ids, spoken = set(content["topics"]["items"]) | set(content["exercises"]), set()
    else:
        ids = set(content[section]["items"])
        spoken = set()
    said = heard.strip().lower()
    return value in ids or said.replace(" ", "_") in ids or said in spoken


class CanFulfillIntentHandler(RequestTypeHandler):
    """'Can you answer this?' for a request made without the skill's name: an answer, nothing else."""

    request_type = "CanFulfillIntentRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        answer, slots = can_fulfill(handler_input)
        handler_input.response_builder.set_can_fulfill_intent(
            CanFulfillIntent(
                can_fulfill=CanFulfillIntentValues(answer),
                slots={
                    slot: CanFulfillSlot(
                        can_understand=CanUnderstandSlotValues(understood), can_fulfill=CanFulfillSlotValues(fulfilled)
                    )
                    for slot, (understood, fulfilled) in slots.items()
                },
            )
        )
        return handler_input.response_builder.response
