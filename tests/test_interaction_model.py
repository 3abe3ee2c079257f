"""The interaction model and the handlers agree, and the model is one Alexa would accept."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from cramp_helper.content import LOCALES
from cramp_helper.dispatch import INTENT_REQUEST, kinds_answered
from cramp_helper.exercises import EXERCISES
from cramp_helper.handlers import ALL_HANDLERS
from simulator.envelopes import (
    Device,
    can_fulfill_intent_request,
    connections_response,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
    user_event,
)
from tests.chat import load_model

# The intents the skill's handlers declare they answer: every one must be in every model, and nothing else.
CUSTOM_INTENTS = {
    name
    for handler in ALL_HANDLERS
    for kind, name in (kinds_answered(handler()) or ())
    if kind == INTENT_REQUEST and not name.startswith("AMAZON.")
}
REQUIRED_BUILT_INS = {
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.NextIntent",
    "AMAZON.PreviousIntent",
    "AMAZON.RepeatIntent",
    "AMAZON.StartOverIntent",
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
    "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent",
}
INVOCATION_NAMES = {"en": "leg cramp helper", "es": "ayudante de calambres"}
# Letters Alexa accepts in a sample, per language (Spanish adds its accented vowels and ñ).
SAMPLE_LETTERS = {"en": "a-zA-Z", "es": "a-zA-ZáéíóúüñÁÉÍÓÚÜÑ"}


def _handler_input(request: dict, attributes: dict | None = None) -> HandlerInput:
    body = envelope(request, Device(), session_id="s", attributes=attributes or {}, new=False)
    request_envelope = DefaultSerializer().deserialize(__import__("json").dumps(body), RequestEnvelope)
    from ask_sdk_core.attributes_manager import AttributesManager

    return HandlerInput(
        request_envelope=request_envelope, attributes_manager=AttributesManager(request_envelope=request_envelope)
    )


def _all_requests():
    yield launch_request()
    yield session_ended_request()
    yield connections_response("ACCEPTED")
    yield connections_response("ACCEPTED", token="check_in")  # the timers permission, for the check-in
    yield launch_request({"name": "amzn1.ask.skill.test.CrampCheck", "version": "1", "input": {}})  # timer rang
    yield skill_disabled_event()
    yield user_event("next")  # a touch on the step screen
    yield can_fulfill_intent_request("StretchIntent")  # a name-free request
    for intent in load_model()["intents"]:
        yield intent_request(intent["name"])
    yield intent_request("LogCrampIntent", {"symptom": "swollen"}, {"symptom": "swelling"})  # logged, urgent first
    yield intent_request("RemedyIntent", {"remedy": "a gin and tonic"}, {})  # quinine in words no value lists


@pytest.mark.parametrize("locale", LOCALES)
def test_invocation_name_and_every_intent_of_the_contract_are_in_the_model(locale):
    model = load_model(locale)
    assert model["invocationName"] == INVOCATION_NAMES[locale.split("-")[0]]
    names = {intent["name"] for intent in model["intents"]}
    assert names == CUSTOM_INTENTS | REQUIRED_BUILT_INS


def test_every_intent_in_the_model_has_a_handler_and_every_handler_is_reachable():
    handlers = [handler() for handler in ALL_HANDLERS]
    used = set()
    walkthrough = {"walkthrough": {"exercise": "calf", "step": 1, "routine": False}}
    check_in = {"offer": "check_in_answer"}  # "is the cramp gone?" was asked
    for request in _all_requests():
        for attributes in ({}, walkthrough, check_in):
            handler_input = _handler_input(request, attributes)
            able = [h for h in handlers if h.can_handle(handler_input=handler_input)]
            assert able, f"nothing handles {request}"
            used.add(type(able[0]))
    assert used == set(ALL_HANDLERS), set(ALL_HANDLERS) - used


@pytest.mark.parametrize("locale", LOCALES)
def test_custom_intents_have_at_least_fifteen_varied_samples(locale):
    for intent in load_model(locale)["intents"]:
        if intent["name"] in CUSTOM_INTENTS:
            samples = intent["samples"]
            assert len(samples) >= 15, intent["name"]
            assert len({s.lower() for s in samples}) == len(samples), intent["name"]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sample_utterance_belongs_to_two_intents(locale):
    owners = Counter(sample.lower() for intent in load_model(locale)["intents"] for sample in intent["samples"])
    assert [sample for sample, count in owners.items() if count > 1] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_slots_use_types_that_exist_and_samples_name_only_declared_slots(locale):
    model = load_model(locale)
    letters = SAMPLE_LETTERS[locale.split("-")[0]]
    custom_types = {slot_type["name"] for slot_type in model["types"]}
    for intent in model["intents"]:
        declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for slot_type in declared.values():
            assert slot_type in custom_types or slot_type.startswith("AMAZON."), slot_type
        for sample in intent["samples"]:
            assert set(re.findall(r"\{(\w+)\}", sample)) <= set(declared), sample
            assert re.fullmatch(rf"[{letters}' .{{}}]+", sample), f"Alexa rejects characters in {sample!r}"


def test_the_tired_ways_of_asking_are_in_the_model():
    samples = {intent["name"]: {s.lower() for s in intent["samples"]} for intent in load_model()["intents"]}
    assert "my calf is cramping" in samples["CrampNowIntent"]
    assert "ow my leg" in samples["CrampNowIntent"]
    assert "what helps leg cramps" in samples["RemedyIntent"]


def test_the_ways_spanish_speakers_say_it_are_in_the_spanish_models():
    samples = {intent["name"]: {s.lower() for s in intent["samples"]} for intent in load_model("es-US")["intents"]}
    assert {"me dio un calambre", "se me subió el gemelo", "tengo un calambre"} <= samples["CrampNowIntent"]
    assert "qué causa los calambres nocturnos" in samples["CauseIntent"]
    spain = {intent["name"]: set(intent["samples"]) for intent in load_model("es-ES")["intents"]}
    assert "cuándo debo ir al médico de cabecera" in spain["DoctorIntent"]
    assert "se me han subido los gemelos" in spain["CrampNowIntent"]
    mexico = {intent["name"]: set(intent["samples"]) for intent in load_model("es-MX")["intents"]}
    assert "se me subió el chamorro" in mexico["CrampNowIntent"]


@pytest.mark.parametrize("locale", LOCALES)
def test_custom_slot_types_cover_the_contract_values(locale):
    types = {t["name"]: {v["id"] for v in t["values"]} for t in load_model(locale)["types"]}
    assert types["StretchType"] == {exercise.id for exercise in EXERCISES}
    assert {
        "dehydration",
        "electrolytes",
        "fatigue",
        "diabetes",
        "kidney_disease",
        "nerve_disorders",
        "circulation",
        "pregnancy",
        "menopause",
        "diuretics",
        "beta_blockers",
        "medication",
    } <= types["CauseType"]
    assert types["NutrientType"] == {"potassium", "magnesium", "calcium", "water"}
