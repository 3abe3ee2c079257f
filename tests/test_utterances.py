"""What people actually say reaches the right intent, through the console's own NLU.

Red flags go to urgent help (DoctorIntent) in one turn, someone mid-cramp gets immediate relief
(CrampNowIntent) rather than an exercise, and stretch requests still start the right stretch.
Every phrase is resolved by `simulator.nlu.Nlu` against the real interaction models, and a few are
sent on through the skill to check the words the listener hears.
"""
from __future__ import annotations

import copy
import json
from typing import Dict

import pytest

from simulator.envelopes import Device
from simulator.nlu import DEFAULT_MODEL, Nlu
from tests.chat import Chat, Reply

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")

RED_FLAGS = [
    "my calf is swollen", "my leg is swollen", "my calf is red", "my leg is red", "my calf is hot",
    "my leg is hot", "my calf is warm", "my leg is warm", "my calf is red and hot", "one leg is swollen",
    "my calf is swollen after a cramp",
    "I'm short of breath", "I am short of breath", "I'm breathless", "I have chest pain", "my chest hurts",
    "it's been cramping for ten minutes", "it's been cramping for more than ten minutes",
    "the cramp won't go away", "it won't go away", "the cramp won't stop",
    "my calf hurts when I walk", "my leg hurts when I walk",
    "my leg is numb", "my calf is numb", "my leg feels weak", "my legs are weak",
]
# not samples themselves: what Alexa's NLU would still have to place
RED_FLAG_VARIANTS = ["my left calf is swollen", "my calf feels swollen", "my right leg is red and hot",
                     "I'm really short of breath", "my calf really hurts when I walk",
                     "the cramp has lasted more than ten minutes"]
MID_CRAMP = [
    "my toes are curling", "ouch ouch my foot", "my hamstring is cramping", "my thigh is cramping",
    "aaah my calf", "help my leg", "how do I stop a cramp", "ow my thigh", "my calf is cramping",
    "ow my leg", "I have a cramp",
]
MID_CRAMP_VARIANTS = ["my toes curled", "my hamstring cramped", "ouch my calf is really cramping",
                      "cramp in my toes"]
STRETCH_REQUESTS = [
    ("stretch my calf", "calf"), ("how do I stretch my hamstring", "hamstring"), ("toe curls", "toe_curls"),
    ("do the hamstring one", "hamstring"), ("the calf one", "calf"), ("stretch my toes", "toe_curls"),
    ("how do I stretch my calves", "calf"), ("my calf is tight", "calf"), ("hamstring stretch", "hamstring"),
]


def _model(locale: str) -> Dict:
    return json.loads(DEFAULT_MODEL.with_name(f"{locale}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=LOCALES)
def nlu(request) -> Nlu:
    """The NLU of each locale's model (generated from en-US, so each must route the same way)."""
    return Nlu(_model(request.param))


@pytest.fixture(scope="module")
def stretch_only() -> Nlu:
    """The en-US model with every custom intent's samples removed except StretchIntent's."""
    model = copy.deepcopy(_model("en-US"))
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        if intent["name"] != "StretchIntent":
            intent["samples"] = []
    return Nlu(model)


def hear(text: str, chat: Chat) -> Reply:
    """Say `text` to the skill the way the console does: NLU, then a real request envelope."""
    resolution = Nlu.from_model_file(DEFAULT_MODEL).resolve(text)
    return chat.send(resolution.request())


# -- routing ---------------------------------------------------------------------------------------

URGENT_OR_RELIEF = ([(said, "DoctorIntent") for said in RED_FLAGS + RED_FLAG_VARIANTS]
                    + [(said, "CrampNowIntent") for said in MID_CRAMP + MID_CRAMP_VARIANTS])


@pytest.mark.parametrize("said, intent", URGENT_OR_RELIEF)
def test_red_flags_reach_urgent_help_and_someone_mid_cramp_gets_relief(nlu: Nlu, said: str, intent: str):
    assert nlu.resolve(said).intent == intent


@pytest.mark.parametrize("said", RED_FLAGS + MID_CRAMP)
def test_no_stretch_sample_captures_a_red_flag_or_a_cramp_happening_now(stretch_only: Nlu, said: str):
    resolution = stretch_only.resolve(said)
    assert not (resolution.intent == "StretchIntent" and resolution.score == 1.0), resolution


@pytest.mark.parametrize("said, stretch", STRETCH_REQUESTS)
def test_stretch_requests_still_start_the_right_stretch(nlu: Nlu, said: str, stretch: str):
    resolution = nlu.resolve(said)
    assert (resolution.intent, resolution.resolved) == ("StretchIntent", {"stretch": stretch})


@pytest.mark.parametrize("said, intent, slots", [
    ("is it because I'm pregnant", "CauseIntent", {"cause": "pregnancy"}),
    ("is it because I am pregnant", "CauseIntent", {"cause": "pregnancy"}),
    ("is it because I'm diabetic", "CauseIntent", {"cause": "diabetes"}),
    ("what about caffeine", "PreventionIntent", {}),
    ("what about coffee", "PreventionIntent", {}),
    ("what about alcohol", "PreventionIntent", {}),
    ("how much magnesium should I take", "NutritionIntent", {"nutrient": "magnesium"}),
    ("how much potassium should I take", "NutritionIntent", {"nutrient": "potassium"}),
    ("should I take magnesium supplements", "NutritionIntent", {"nutrient": "magnesium"}),
    ("should I take magnesium", "NutritionIntent", {"nutrient": "magnesium"}),
    ("should I take quinine", "DoctorIntent", {}),
    ("what about tonic water", "DoctorIntent", {}),
    ("should I take painkillers", "DoctorIntent", {}),
    ("how do I prevent leg cramps", "PreventionIntent", {}),
])
def test_questions_about_causes_food_and_medicines(nlu: Nlu, said: str, intent: str, slots: Dict[str, str]):
    resolution = nlu.resolve(said)
    assert (resolution.intent, resolution.resolved) == (intent, slots)


# -- what the listener hears ----------------------------------------------------------------------

@pytest.mark.parametrize("said", ["my calf is swollen", "I'm short of breath", "it's been cramping for ten minutes"])
def test_a_red_flag_is_answered_with_urgent_words_first(chat: Chat, said: str):
    text = hear(said, chat).text
    assert text.startswith("Call emergency services right away if you have chest pain or trouble breathing.")
    assert "Get urgent medical help if one leg is swollen, red, warm" in text
    assert "more than ten minutes" in text
    assert text.index("emergency services") < text.index("See your doctor")


@pytest.mark.parametrize("said", ["my toes are curling", "how do I stop a cramp", "my hamstring is cramping"])
def test_a_cramp_now_is_answered_with_relief_first(chat: Chat, said: str):
    reply = hear(said, chat)
    assert reply.text.startswith("Straighten your leg and pull your toes up toward your shin.")
    assert "Step 1" not in reply.text


def test_quinine_is_warned_against_and_never_dosed(chat: Chat):
    text = hear("should I take quinine", chat).text
    assert "Quinine isn't recommended for cramps because of its serious side effects" in text
    assert "doctor or pharmacist" in text


def test_a_supplement_amount_question_gets_no_amount(chat: Chat):
    text = hear("how much magnesium should I take", chat).text
    assert "probably make little difference" in text and "doctor or pharmacist" in text
    assert not any(ch.isdigit() for ch in text)


def test_pregnancy_and_caffeine_get_sensible_answers(chat: Chat):
    assert "common in pregnancy" in hear("is it because I'm pregnant", chat).text
    assert "limit alcohol and caffeine" in hear("what about caffeine", chat).text


def test_the_hamstring_one_starts_the_hamstring_stretch(chat: Chat):
    text = hear("do the hamstring one", chat).text
    assert "hamstring stretch" in text and "Step 1 of 2" in text


def test_british_red_flags_send_to_the_gp(chat: Chat):
    british = Chat(Device(locale="en-GB"))
    resolution = Nlu(_model("en-GB")).resolve("my calf is swollen")
    text = british.send(resolution.request()).text
    assert "emergency services" in text and "See your GP" in text


def test_asking_for_a_reminder_without_a_time_asks_one_question_last(chat: Chat):
    text = hear("remind me to stretch", chat).text
    assert text.count("?") == 1 and text.endswith("?")
    assert "nine PM" in text
