"""Red flags: which symptoms mean urgent help, and which urgent line answers each (NHS, NICE CKS, AAFP).

The ids are the values of the interaction model's `SymptomType` (the words for them are in each model,
and in `content/heard/` for words no model lists); the lines are the locale's `urgent.<line>` content.
Any turn that names a red flag in any slot, on whatever intent, answers with urgent help first
(handlers/safety.py).
"""

from __future__ import annotations

from collections.abc import Iterable

SYMPTOM_SLOT = "symptom"  # the slot name every intent uses for a red-flag symptom
# SymptomType's value for a sign said not to be there ("not swollen or red"): it lets Alexa hand the skill the
# negation with the words, which are then read (a negated phrase names nothing); its id alone is never trusted.
DENIED_SYMPTOM = "none"

# red flag id -> the urgent line that answers it; LINE_PRIORITY puts the most urgent lines first. The ids are
# SymptomType's values and the names of the word lists in content/heard/<language>.json.
RED_FLAGS: dict[str, str] = {
    "call_for_help": "call",
    "chest_pain": "emergency",
    "breathless": "emergency",
    "heat_illness": "heat",
    "dark_urine": "muscle_breakdown",
    "wound": "wound",
    "toxin": "toxin",
    "spreading": "spreading",
    "swelling": "clot",
    "heat": "clot",
    "redness": "clot",
    "discolour": "clot",
    "vein": "clot",
    "clot": "clot",
    "collapse": "faint",
    "numbness": "nerve",
    "vomiting": "dehydration",
    "long_cramp": "long_cramp",
    "fever": "general",
    "cold_pale": "general",
}
LINE_PRIORITY: tuple[str, ...] = (
    "call",
    "emergency",
    "heat",
    "muscle_breakdown",
    "wound",
    "toxin",
    "spreading",
    "clot",
    "faint",
    "nerve",
    "dehydration",
    "long_cramp",
    "general",
)


def urgent_line(symptom_ids: Iterable[str | None]) -> str:
    """The most urgent line any of the heard red flags calls for; "unmatched" when none is a known red flag."""
    lines = {RED_FLAGS[symptom] for symptom in symptom_ids if symptom in RED_FLAGS}
    return next((line for line in LINE_PRIORITY if line in lines), "unmatched")


# Never suggested, only ever warned against, whichever slot they arrive in (FDA 2010, MHRA 2010): their
# answer is always the medicines answer, which says why.
WARNED_SUBSTANCES: tuple[str, ...] = ("quinine", "tonic_water")
