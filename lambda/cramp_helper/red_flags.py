"""Red flags: which symptoms mean urgent help, and which urgent line answers each (NHS, NICE CKS, AAFP).

The ids are the values of the interaction model's `SymptomType` (the words for them are in each
model); the lines are the locale's `urgent.<line>` content. Any turn whose `symptom` slot was heard,
on whatever intent, answers with urgent help first (handlers/safety.py).
"""

from __future__ import annotations

SYMPTOM_SLOT = "symptom"  # the slot name every intent uses for a red-flag symptom

# symptom id -> the urgent line that answers it, most urgent lines first in LINE_PRIORITY.
RED_FLAGS: dict[str, str] = {
    "chest_pain": "emergency",
    "breathless": "emergency",
    "collapse": "emergency",
    "wound": "wound",
    "toxin": "wound",
    "swelling": "clot",
    "heat": "clot",
    "redness": "clot",
    "discolour": "clot",
    "vein": "clot",
    "clot": "clot",
    "long_cramp": "long_cramp",
    "fever": "general",
    "cold_pale": "general",
}
LINE_PRIORITY: tuple[str, ...] = ("emergency", "wound", "clot", "long_cramp", "general")


def urgent_line(symptom_ids: list[str | None]) -> str:
    """The most urgent line any of the heard symptoms calls for; "unmatched" when none is a known red flag."""
    lines = {RED_FLAGS[symptom] for symptom in symptom_ids if symptom in RED_FLAGS}
    return next((line for line in LINE_PRIORITY if line in lines), "unmatched")


# Never suggested, only ever warned against, whichever slot they arrive in (FDA 2010, MHRA 2010): their
# answer is always the medicines answer, which says why.
WARNED_SUBSTANCES: tuple[str, ...] = ("quinine", "tonic_water")
