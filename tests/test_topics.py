"""Every fact in the seed document is reachable by voice, and health content stays careful."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.chat import Chat, load_model
from tools.evaluate import unsafe_reasons

CONTENT = Path(__file__).resolve().parents[1] / "lambda" / "cramp_helper" / "content"


def test_causes_are_read_a_page_at_a_time_and_cover_every_seed_cause(chat: Chat):
    first = chat.say("CauseIntent")
    assert first.text.endswith("Would you like to hear more causes?")
    everything = first.text + " " + chat.say("AMAZON.YesIntent").text + " " + chat.say("AMAZON.NextIntent").text
    for cause in (
        "dehydration",
        "potassium",
        "tired",
        "diabetes",
        "kidney disease",
        "nerve problems",
        "circulation",
        "pregnancy",
        "menopause",
        "diuretics",
        "beta blockers",
    ):
        assert cause in everything, cause
    assert "Never stop a medicine on your own" in everything
    assert chat.last.text.endswith("prevent them?")


@pytest.mark.parametrize(
    "value", [v["id"] for t in load_model()["types"] if t["name"] == "CauseType" for v in t["values"]]
)
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
    for remedy in (
        "heat pack",
        "cold pack",
        "warm bath or shower",
        "water",
        "caffeine",
        "deep breathing",
        "meditation",
    ):
        assert remedy in everything, remedy
    assert chat.last.text.endswith("calf stretch?")
    assert "Step 1" in chat.say("AMAZON.YesIntent").text


def test_nutrition_covers_the_seed_foods_and_is_honest_about_evidence(chat: Chat):
    first = chat.say("NutritionIntent")
    everything = " ".join([first.text, chat.say("AMAZON.YesIntent").text, chat.say("AMAZON.YesIntent").text])
    for food in (
        "bananas",
        "leafy greens",
        "sweet potatoes",
        "dairy",
        "nuts",
        "seeds",
        "processed and sugary",
        "water",
    ):
        assert food in everything, food
    assert "evidence is limited" in everything
    assert "Ask your doctor or pharmacist before taking any supplement" in everything


@pytest.mark.parametrize(
    "nutrient,expected", [("potassium", "bananas"), ("magnesium", "nuts"), ("milk", "dairy"), ("hydration", "water")]
)
def test_a_named_nutrient_answers_with_its_foods(chat: Chat, nutrient: str, expected: str):
    assert expected in chat.say("NutritionIntent", nutrient=nutrient).text


def test_cramp_right_now_gives_relief_first_then_safety_then_one_offer(chat: Chat):
    reply = chat.say("CrampNowIntent")
    assert reply.text.startswith("Straighten your leg and pull your toes up toward your shin.")
    assert "more than ten minutes" in reply.text and "swollen" in reply.text
    assert reply.text.count("?") == 1 and reply.text.endswith("check on you in ten minutes?")
    declined = chat.say("AMAZON.NoIntent")  # no check-in: the diary, once a session
    assert declined.text.endswith("note this cramp in your diary?") and not declined.ended
    asked = chat.say("AMAZON.YesIntent")  # the first cramp noted: what a diary keeps, and may it
    assert asked.text.startswith("I can keep a cramp diary") and asked.text.endswith("Shall I keep it?")
    noted = chat.say("AMAZON.YesIntent")
    assert noted.text.startswith("Noted in your diary: a cramp at") and noted.text.endswith("calf stretch?")
    assert "Step 1 of 5" in chat.say("AMAZON.YesIntent").text
    assert chat.say("CrampNowIntent").text.endswith("check on you in ten minutes?")
    again = chat.say("AMAZON.NoIntent")  # the diary was offered already this session
    assert again.text.endswith("calf stretch?")


def test_no_to_the_check_in_and_to_noting_the_cramp_still_offers_the_stretch(chat: Chat):
    chat.say("CrampNowIntent")
    chat.say("AMAZON.NoIntent")
    declined = chat.say("AMAZON.NoIntent")
    assert declined.text.endswith("calf stretch?") and not declined.ended
    assert "Step 1 of 5" in chat.say("AMAZON.YesIntent").text


def test_when_to_see_a_doctor_is_the_urgent_signs_first_then_the_routine_advice_on_yes(chat: Chat):
    urgent = chat.say("DoctorIntent")
    for flag in ("chest pain", "trouble breathing", "swollen, red or hot", "over ten minutes", "wound or poison"):
        assert flag in urgent.text, flag
    assert urgent.text.startswith("Call 911") and len(urgent.text.split()) <= 60
    assert urgent.text.endswith("when else to see a doctor?")
    routine = chat.say("AMAZON.YesIntent")
    for flag in ("numbness, weakness", "new medicine", "pregnancy", "get worse", "calf pain when you walk"):
        assert flag in routine.text, flag
    assert routine.text.startswith("See your doctor")
    assert "sign of an underlying condition" in routine.text  # the seed's fifth FAQ answer


def test_british_english_says_gp(chat: Chat):
    from simulator.envelopes import Device

    british = Chat(Device(locale="en-GB"))
    british.say("DoctorIntent")
    assert "See your GP" in british.say("AMAZON.YesIntent").text
    chat.say("DoctorIntent")
    assert "See your doctor" in chat.say("AMAZON.YesIntent").text


def test_prevention_and_restless_legs(chat: Chat):
    prevention = chat.say("PreventionIntent")
    assert "stretching your calves and hamstrings before bed" in prevention.text
    assert "bedtime routine" in chat.say("AMAZON.YesIntent").text
    restless = chat.say("RestlessLegsIntent")
    assert "urge to move your legs" in restless.text and "doctor" in restless.text


def test_no_quinine_no_doses_no_supplement_amounts_anywhere_in_what_the_skill_can_say():
    for path in CONTENT.glob("*.json"):
        text = path.read_text().lower()
        # quinine and tonic water may be named only to warn against them, never suggested
        for sentence in re.split(r"(?<=[.?!])\s+|\"", text):
            if ("quinine" in sentence or "tonic" in sentence) and " " in sentence:  # a phrase, not a key
                assert not unsafe_reasons(sentence), (path.name, sentence)
                assert re.search(r"don't|isn't|not|serious", sentence), (path.name, sentence)
        assert not re.search(r"\d+\s*(mg|milligram|gram|g\b|iu|mcg|tablets? a day)", text), path.name
        assert not re.search(
            r"\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred)\s+"
            r"(mg|milligrams?|grams?|micrograms?|units|tablets?|capsules?)\b",
            text,
        ), path.name


@pytest.mark.parametrize("locale,professional", [("en-US", "doctor"), ("en-GB", "GP")])
def test_asking_about_medicines_warns_against_quinine_and_sends_to_a_professional(locale: str, professional: str):
    from simulator.envelopes import Device

    chat = Chat(Device(locale=locale))
    quinine = chat.say("MedicineIntent", medicine="quinine")
    assert quinine.text.startswith("Please don't") and "serious" in quinine.text
    assert f"ask your {professional} or pharmacist" in quinine.text
    assert quinine.text.count("?") == 1 and quinine.text.endswith("?")
    statins = chat.say("MedicineIntent", medicine="statins")
    assert "Don't stop a medicine on your own" in statins.text and professional in statins.text
    tonic = chat.say("RemedyIntent", remedy="tonic water")
    assert "quinine" in tonic.text and "isn't recommended" in tonic.text


def test_every_supplement_answer_is_honest_and_sends_to_a_doctor_or_pharmacist(chat: Chat):
    for nutrient in ("potassium", "magnesium", "calcium"):
        text = chat.say("NutritionIntent", nutrient=nutrient).text
        assert "doctor or pharmacist before taking" in text, nutrient
        assert "limited" in text or "little difference" in text, nutrient
        assert not re.search(r"\d", text), nutrient


def test_prevention_mentions_regular_activity_flexibility_and_strength(chat: Chat):
    text = chat.say("PreventionIntent").text
    assert "Regular physical activity" in text and "flexible and strong" in text
    assert "limit alcohol and caffeine" in text
    assert text.count("?") == 1 and text.endswith("?")


def test_help_asks_one_question_and_only_at_the_end(chat: Chat):
    text = chat.say("AMAZON.HelpIntent").text
    assert text.count("?") == 1 and text.endswith("What would you like to do?")
    assert "I have a cramp" in text and "stretch my calf" in text and "what causes leg cramps" in text


def test_toe_curls_repeat_the_stop_warning_at_the_repetitions(chat: Chat):
    chat.say("StretchIntent", stretch="toe curls")
    reps = chat.say("AMAZON.NextIntent")
    assert "If a cramp starts, stop and pull your toes up" in reps.text
    assert reps.text.index("pull your toes up") < reps.text.index("Curl, and release")


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
        assert override.get("_inherits", "en-GB") in {"en-GB", "en-US", "en-CA", "en-IN"}, path.name
        for key, value in override.items():
            if key in ("_inherits", "pronounce"):  # which wording it follows; how it says its own numbers
                continue
            assert key in base, (path.name, key)
            if isinstance(value, dict):
                assert set(value) <= set(base[key]), (path.name, key)
