"""Every fact in the seed document is reachable by voice, and health content stays careful."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.chat import Chat, load_model

CONTENT = Path(__file__).resolve().parents[1] / "lambda" / "cramp_helper" / "content"


def test_causes_are_read_a_page_at_a_time_and_cover_every_seed_cause(chat: Chat):
    first = chat.say("CauseIntent")
    assert first.text.endswith("Would you like to hear more causes?")
    everything = first.text + " " + chat.say("AMAZON.YesIntent").text + " " + chat.say("AMAZON.NextIntent").text
    for cause in ("dehydration", "potassium", "tired", "diabetes", "kidney disease", "nerve problems",
                  "circulation", "pregnancy", "menopause", "diuretics", "beta blockers"):
        assert cause in everything, cause
    assert "Never stop a medicine on your own" in everything
    assert chat.last.text.endswith("prevent them?")


@pytest.mark.parametrize("value", [v["id"] for t in load_model()["types"] if t["name"] == "CauseType"
                                   for v in t["values"]])
def test_each_named_cause_has_its_own_answer(chat: Chat, value: str):
    spoken = value.replace("_", " ")
    reply = chat.say("CauseIntent", cause=spoken if spoken != "fatigue" else "muscle fatigue")
    assert "I don't have information" not in reply.text
    assert reply.text.endswith("?")


def test_a_cause_the_model_does_not_know_is_answered_with_the_common_ones(chat: Chat):
    reply = chat.say("CauseIntent", cause="moon phases")
    assert "don't have information on that" in reply.text and "dehydration" in reply.text


def test_remedies_come_two_at_a_time_and_include_every_seed_remedy(chat: Chat):
    first = chat.say("RemedyIntent")
    assert first.text.endswith("another tip?")
    everything = " ".join([first.text, chat.say("AMAZON.YesIntent").text, chat.say("AMAZON.YesIntent").text])
    for remedy in ("heat pack", "cold pack", "warm bath or shower", "water", "caffeine", "deep breathing",
                   "meditation"):
        assert remedy in everything, remedy
    assert chat.last.text.endswith("calf stretch?")
    assert "Step 1" in chat.say("AMAZON.YesIntent").text


def test_nutrition_covers_the_seed_foods_and_is_honest_about_evidence(chat: Chat):
    first = chat.say("NutritionIntent")
    everything = " ".join([first.text, chat.say("AMAZON.YesIntent").text, chat.say("AMAZON.YesIntent").text])
    for food in ("bananas", "leafy greens", "sweet potatoes", "dairy", "nuts", "seeds", "processed and sugary",
                 "water"):
        assert food in everything, food
    assert "evidence is limited" in everything
    assert "Ask your doctor or pharmacist before taking any supplement" in everything


@pytest.mark.parametrize("nutrient,expected", [("potassium", "bananas"), ("magnesium", "nuts"),
                                               ("milk", "dairy"), ("hydration", "water")])
def test_a_named_nutrient_answers_with_its_foods(chat: Chat, nutrient: str, expected: str):
    assert expected in chat.say("NutritionIntent", nutrient=nutrient).text


def test_cramp_right_now_gives_relief_first_then_safety_then_one_offer(chat: Chat):
    reply = chat.say("CrampNowIntent")
    assert reply.text.startswith("Straighten your leg and pull your toes up toward your shin.")
    assert "more than ten minutes" in reply.text and "swollen" in reply.text
    assert reply.text.count("?") == 1 and reply.text.endswith("calf stretch?")
    assert "Step 1 of 5" in chat.say("AMAZON.YesIntent").text


def test_red_flags_route_to_urgent_help_in_one_turn(chat: Chat):
    reply = chat.say("DoctorIntent")
    for flag in ("chest pain", "trouble breathing", "swollen, red, warm", "more than ten minutes",
                 "numbness, weakness", "new medicine", "pregnancy"):
        assert flag in reply.text, flag
    assert reply.text.index("emergency services") < reply.text.index("See your doctor")
    assert "sign of an underlying condition" in reply.text  # the seed's fifth FAQ answer


def test_british_english_says_gp(chat: Chat):
    from simulator.envelopes import Device

    british = Chat(Device(locale="en-GB"))
    assert "See your GP" in british.say("DoctorIntent").text
    assert "See your doctor" in chat.say("DoctorIntent").text


def test_prevention_and_restless_legs(chat: Chat):
    prevention = chat.say("PreventionIntent")
    assert "stretching your calves and hamstrings before bed" in prevention.text
    assert "bedtime routine" in chat.say("AMAZON.YesIntent").text
    restless = chat.say("RestlessLegsIntent")
    assert "urge to move your legs" in restless.text and "doctor" in restless.text


def test_no_quinine_no_doses_no_supplement_amounts_anywhere_in_what_the_skill_can_say():
    for path in CONTENT.glob("*.json"):
        text = path.read_text().lower()
        assert "quinine" not in text and "tonic water" not in text
        assert not re.search(r"\d+\s*(mg|milligram|gram|g\b|iu|mcg|tablets? a day)", text), path.name


def test_first_launch_carries_the_disclaimer_and_later_launches_do_not(chat: Chat):
    first = chat.launch()
    assert "general information, not medical advice" in first.text
    assert "emergency services" in first.text
    chat.say("AMAZON.StopIntent")
    again = chat.launch()
    assert "not medical advice" not in again.text and again.text.endswith("What would you like?")


def test_every_content_file_is_valid_and_overrides_only_known_phrases():
    base = json.loads((CONTENT / "en.json").read_text())
    for path in CONTENT.glob("en-*.json"):
        override = json.loads(path.read_text())
        for key, value in override.items():
            assert key in base, (path.name, key)
            if isinstance(value, dict):
                assert set(value) <= set(base[key]), (path.name, key)
