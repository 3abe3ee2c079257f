"""The dialogue's vocabulary is complete in every locale: each offer can be restated, each red flag
the model can hear has an urgent line, each medicine and remedy the model knows has its answer."""

from __future__ import annotations

import pytest

from cramp_helper.content import LOCALES, content_for
from cramp_helper.handlers.offers import OFFERS  # filled as the skill is built
from cramp_helper.red_flags import DENIED_SYMPTOM, LINE_PRIORITY, RED_FLAGS
from tests.chat import load_model

TYPES = {t["name"]: [v["id"] for v in t["values"]] for t in load_model()["types"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_offer_has_words_to_restate_it_in_every_locale(locale):
    pending = content_for(locale)["pending"]
    for kind in OFFERS:
        assert kind in pending, (locale, kind)


def test_every_symptom_the_model_hears_is_a_red_flag_with_an_urgent_line():
    """Every value but the one for a sign said to be absent ("not swollen"), whose words are read."""
    assert set(TYPES["SymptomType"]) == set(RED_FLAGS) | {DENIED_SYMPTOM}
    assert set(RED_FLAGS.values()) <= set(LINE_PRIORITY)
    for locale in LOCALES:
        urgent = content_for(locale)["urgent"]
        assert all(urgent.get(line) for line in [*LINE_PRIORITY, "unmatched", "follow_up"]), locale


@pytest.mark.parametrize(
    "section, slot_type", [("medicines", "MedicineType"), ("remedies", "RemedyType"), ("topics", "MuscleType")]
)
def test_every_value_the_model_knows_has_an_answer(section, slot_type):
    items = content_for("en-US")[section]["items"]
    missing = [value for value in TYPES[slot_type] if value not in items and value != "calf"]
    assert missing == []  # (a calf cramp is the cramp-right-now answer)
