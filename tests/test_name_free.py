"""Name-free requests: "Alexa, how do I stop a leg cramp?" without the skill's name. Alexa first asks the skill
(CanFulfillIntentRequest) whether it can answer; the answer is YES for its cramp questions with words it
knows, MAYBE for words it doesn't, NO for emergencies and for everything that is not its business, and
giving it says nothing, changes nothing, reads no store and calls no Alexa API.
"""

from __future__ import annotations

import json

import pytest

import lambda_function
from cramp_helper import skill as skill_module
from cramp_helper.content import content_for
from cramp_helper.handlers.name_free import BY_NAME_ONLY, CRAMP_INTENTS, EMERGENCY_INTENTS
from cramp_helper.red_flags import SYMPTOM_SLOT
from simulator.envelopes import Device, can_fulfill_intent_request, envelope, launch_request
from tests.chat import SLOT_TYPES, SYNONYMS, Chat, load_model
from tests.test_interaction_model import CUSTOM_INTENTS
from tests.test_preferences import CountingSqliteAdapter


def ask(intent: str, device: Device | None = None, **heard: str) -> dict:
    """Alexa's question for `intent` with the words heard, resolved as Alexa's entity resolution would."""
    resolved = {}
    for slot, words in heard.items():
        values = SYNONYMS.get(SLOT_TYPES.get((intent, slot), ""), {})
        if words.lower() in values:
            resolved[slot] = values[words.lower()]
    request = can_fulfill_intent_request(intent, dict(heard), resolved)
    return lambda_function.handler(
        envelope(request, device or Device(), session_id="amzn1.echo-api.session.cfir", attributes={}), None
    )


def verdict(answer: dict) -> tuple[str, dict]:
    can = answer["response"]["canFulfillIntent"]
    return can["canFulfill"], {
        slot: (value["canUnderstand"], value["canFulfill"]) for slot, value in can.get("slots", {}).items()
    }


# Words the skill knows for each cramp intent that answers a slot; the others are asked with none.
SLOT_WORDS = [
    ("StretchIntent", {"stretch": "calf"}),
    ("StretchIntent", {"stretch": "hamstrings"}),
    ("CauseIntent", {"cause": "dehydration"}),
    ("RemedyIntent", {"remedy": "pickle juice"}),
    ("NutritionIntent", {"nutrient": "magnesium"}),
    ("MedicineIntent", {"medicine": "quinine"}),
    ("CrampSiteIntent", {"muscle": "foot"}),
]
KNOWN_WORDS = SLOT_WORDS + [(intent, {}) for intent, slots in CRAMP_INTENTS.items() if not slots]


@pytest.mark.parametrize("intent, heard", KNOWN_WORDS)
def test_cramp_questions_with_words_the_skill_knows_get_yes(intent, heard):
    answer, slots = verdict(ask(intent, **heard))
    assert answer == "YES"
    assert slots == dict.fromkeys(heard, ("YES", "YES"))


def test_words_the_skill_does_not_know_get_maybe_for_that_slot():
    assert verdict(ask("StretchIntent", stretch="neck")) == ("MAYBE", {"stretch": ("MAYBE", "NO")})
    assert verdict(ask("CauseIntent", cause="the moon")) == ("MAYBE", {"cause": ("MAYBE", "NO")})
    # a cramp that is not in the leg is not this skill's to answer
    assert verdict(ask("CrampSiteIntent", muscle="hand")) == ("NO", {"muscle": ("NO", "NO")})


def test_a_known_value_is_recognised_from_its_words_without_entity_resolution():
    request = can_fulfill_intent_request("StretchIntent", {"stretch": "calf stretch"})
    answer = lambda_function.handler(envelope(request, Device(), session_id="s"), None)
    assert verdict(answer) == ("YES", {"stretch": ("YES", "YES")})
    assert "calf stretch" in content_for("en-US")["exercises"]["calf"]["slot"]["synonyms"]


@pytest.mark.parametrize(
    "intent, heard",
    [
        ("CrampNowIntent", {"symptom": "chest pain"}),
        ("DoctorIntent", {"symptom": "swollen"}),
        ("StretchIntent", {"stretch": "calf", "symptom": "red and hot"}),
        ("SymptomIntent", {"symptom": "can't breathe"}),
        ("ClotIntent", {}),
    ],
)
def test_emergencies_get_no_they_belong_to_emergency_services(intent, heard):
    assert verdict(ask(intent, **heard))[0] == "NO"


@pytest.mark.parametrize(
    "intent",
    [
        "SetReminderIntent",
        "GetReminderIntent",
        "CancelReminderIntent",
        "DeleteDataIntent",
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.NextIntent",
        "AMAZON.FallbackIntent",
        "PlayMusicIntent",
    ],
)
def test_everything_that_is_not_a_cramp_question_gets_no(intent):
    assert verdict(ask(intent))[0] == "NO"


def test_the_answer_says_nothing_and_changes_nothing():
    attributes = {"walkthrough": {"exercise": "calf", "step": 2, "routine": False}, "turn": 4, "night": False}
    request = can_fulfill_intent_request("CauseIntent", {"cause": "dehydration"}, {"cause": "dehydration"})
    answer = lambda_function.handler(
        envelope(request, Device(display="show"), session_id="s", attributes=dict(attributes), new=False), None
    )
    response = answer["response"]
    assert set(response) == {"canFulfillIntent"}  # no speech, no card, no screen, no session flag
    assert answer.get("sessionAttributes", attributes) == attributes


def test_it_reads_no_store_and_calls_no_alexa_api(tmp_path, monkeypatch, alexa_api):
    adapter = CountingSqliteAdapter(tmp_path / "counted.sqlite3")
    monkeypatch.setattr(skill_module, "persistence_adapter_from_environment", lambda: adapter)
    skill_module.get_skill.cache_clear()
    device = Device(api_endpoint=alexa_api.endpoint)
    for intent, heard in [
        ("StretchIntent", {"stretch": "calf"}),
        ("CrampNowIntent", {"symptom": "chest pain"}),
        ("SetReminderIntent", {}),
        ("CauseIntent", {}),
    ]:
        assert verdict(ask(intent, device, **heard))[0] in ("YES", "NO")
    assert adapter.calls == [] and alexa_api.requests_log == []
    # the same skill, asked by name, does both: the count above could have seen them
    Chat(device).send(launch_request())
    assert adapter.calls and alexa_api.requests_log


def test_a_broken_question_gets_a_plain_no_not_an_exception():
    body = envelope(can_fulfill_intent_request("StretchIntent", {"stretch": "calf"}), Device(), session_id="s")
    body["request"]["intent"] = {"name": None, "slots": {"stretch": {"value": 7}}}
    answer = lambda_function.handler(json.loads(json.dumps(body)), None)
    assert "outputSpeech" not in answer["response"]


def test_every_intent_of_the_skill_is_decided_for_name_free_requests_and_every_yes_is_asked_above():
    """A new intent is a choice: a stranger may ask for it (CRAMP_INTENTS), it is an emergency, or it is the
    user's own (BY_NAME_ONLY). Each cramp intent is asked above with words the skill knows."""
    lists = (set(CRAMP_INTENTS), set(EMERGENCY_INTENTS), set(BY_NAME_ONLY))
    assert sum(len(names) for names in lists) == len(set.union(*lists))  # none in two lists
    assert set.union(*lists) == CUSTOM_INTENTS
    assert {intent for intent, _ in SLOT_WORDS} == {intent for intent, slots in CRAMP_INTENTS.items() if slots}


@pytest.mark.parametrize("source", ["en-US", "es-US"])
def test_every_health_answer_hears_red_flags_said_with_it_in_its_symptom_slot(source):
    """What the person said decides: an intent that answers a health question carries the `symptom` slot,
    with samples that fill it, so "…and my leg is swollen" said with any of them reaches urgent help."""
    intents = {intent["name"]: intent for intent in load_model(source)["intents"]}
    for name in set(CRAMP_INTENTS) | {"LogCrampIntent"}:  # an emergency intent's own answer is urgent
        slots = {slot["name"]: slot["type"] for slot in intents[name].get("slots", [])}
        assert slots.get(SYMPTOM_SLOT) == "SymptomType", (source, name)
        assert any("{symptom}" in sample for sample in intents[name]["samples"]), (source, name)
