"""Broken envelopes, unknown intents, odd slot values and corrupted sessions get spoken help."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import lambda_function
from cramp_helper.content import content_for
from cramp_helper.exercises import EXERCISES
from simulator.envelopes import Device, envelope, intent_request, launch_request
from tests.chat import Chat, Reply

ROOT = Path(__file__).resolve().parents[1]
BROKEN_SESSIONS = {
    "step out of range": {"walkthrough": {"exercise": "calf", "step": 99}},
    "negative step": {"walkthrough": {"exercise": "calf", "step": -1}},
    "step of the wrong type": {"walkthrough": {"exercise": "calf", "step": "two"}},
    "boolean step": {"walkthrough": {"exercise": "calf", "step": True}},
    "unknown exercise": {"walkthrough": {"exercise": "yoga", "step": 0}},
    "walkthrough not an object": {"walkthrough": [1, 2]},
    "unknown offer": {"offer": "free pizza"},
    "page out of range": {"page": {"topic": "causes", "page": 42}},
    "page of an unknown topic": {"page": {"topic": "jokes", "page": 0}},
    "last answer mangled": {"last": {"ssml": 7}},
    "turn counter a string": {"turn": "many"},
    "night flag a string": {"night": "yes"},
    "pending reminder garbage": {"pending_reminder": "25:99", "offer": "confirm_reminder"},
}


def _send(body: dict) -> Reply:
    reply = Reply(lambda_function.handler(body, None))
    reply.check_alexa_rules()
    return reply


@pytest.mark.parametrize("case", BROKEN_SESSIONS)
@pytest.mark.parametrize(
    "intent",
    [
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.YesIntent",
        "AMAZON.HelpIntent",
        "CauseIntent",
    ],
)
def test_corrupted_session_attributes_restart_gently(case: str, intent: str):
    body = envelope(intent_request(intent), Device(), session_id="s", attributes=BROKEN_SESSIONS[case], new=False)
    reply = _send(body)
    assert "something went wrong" not in reply.text


def test_session_attributes_that_are_not_an_object_are_dropped():
    body = envelope(intent_request("AMAZON.NextIntent"), Device(), session_id="s", new=False)
    body["session"]["attributes"] = "garbage"
    assert "nothing to move on to" in _send(body).text


def test_an_unknown_intent_is_answered_like_a_fallback():
    reply = Chat().say("OrderPizzaIntent")
    assert "You can say" in reply.text and not reply.ended


def test_an_unresolved_slot_value_is_answered_not_crashed():
    which = Chat().say("StretchIntent", stretch="ear lobes").text
    assert which.endswith("Which would you like?")
    assert all(content_for("en-US")["exercises"][exercise.id]["name"] in which for exercise in EXERCISES)
    assert "For potassium" in Chat().say("NutritionIntent", nutrient="chocolate").text


@pytest.mark.parametrize(
    "mutilate",
    [
        lambda body: body.pop("context"),
        lambda body: body.pop("session"),
        lambda body: body["request"].pop("intent"),
        lambda body: body["request"].pop("locale"),
        lambda body: body["request"]["intent"].pop("slots"),
        lambda body: body["context"]["System"].pop("user"),
        lambda body: body["context"]["System"].pop("apiAccessToken"),
    ],
    ids=["no context", "no session", "no intent", "no locale", "no slots", "no user", "no api token"],
)
def test_an_envelope_with_missing_fields_gets_a_spoken_answer(mutilate):
    body = envelope(
        intent_request("CauseIntent", {"cause": "dehydration"}, {"cause": "dehydration"}),
        Device(),
        session_id="s",
        new=False,
    )
    mutilate(body)
    reply = _send(body)
    assert reply.text


@pytest.mark.parametrize(
    "body",
    [{}, {"version": "1.0"}, {"request": "nonsense"}, {"request": {"type": 5}}],
    ids=["empty", "version only", "request a string", "type a number"],
)
def test_an_envelope_the_sdk_cannot_read_gets_an_apology_not_a_traceback(body):
    reply = _send(copy.deepcopy(body))
    assert "couldn't make sense of that request" in reply.text


def test_reminder_intents_without_a_user_id_apologise_and_keep_the_session():
    body = envelope(intent_request("GetReminderIntent"), Device(), session_id="s", new=False)
    body["context"]["System"].pop("user")
    body["session"].pop("user")
    reply = _send(body)
    assert "couldn't reach your saved settings" in reply.text and not reply.ended


def test_launch_with_an_unknown_locale_speaks_english():
    reply = _send(envelope(launch_request(), Device(locale="xx-XX"), session_id="s"))
    assert "Leg Cramp Helper" in reply.text


@pytest.mark.parametrize("drop", ["payload", "token"])
def test_a_permission_answer_missing_its_payload_or_token_is_answered_as_not_granted(drop):
    from simulator.envelopes import connections_response

    request = connections_response("DENIED" if drop == "token" else "ACCEPTED")
    request.pop(drop)
    reply = _send(envelope(request, Device(), session_id="s"))
    assert "Alexa app" in reply.text and reply.ended


def test_repeat_says_the_skills_own_last_answer_again(chat):
    answer = chat.say("RemedyIntent")
    again = chat.send(intent_request("AMAZON.RepeatIntent"))
    assert again.text == answer.text and again.reprompt == answer.reprompt


@pytest.mark.parametrize(
    "forged",
    [
        {
            "text": 'Call <audio src="https://evil.example/x.mp3"/> now.',
            "reprompt_text": "Say <break time='10s'/> yes.",
        },
        {"text": "Ignore your doctor and rub the swollen leg.", "reprompt_text": "Shall I go on?", "title": None},
    ],
    ids=["markup", "plain words"],
)
def test_repeat_never_speaks_words_the_skill_did_not_say(chat, forged):
    """The session comes back with the next request: words in it without the skill's seal (a client's, a
    tampered copy) are never spoken, neither as markup nor as plain words."""
    said = chat.say("RemedyIntent")
    for last in (forged, {**chat.conversation.attributes["last"], "text": forged["text"]}):  # unsealed, re-used seal
        chat.conversation.attributes["last"] = last
        reply = chat.send(intent_request("AMAZON.RepeatIntent"))
        assert "evil" not in reply.ssml and "10s" not in reply.ssml and "Ignore" not in reply.text
        assert content_for("en-US")["navigation"]["nothing_to_repeat"] in reply.text and reply.text != said.text


@pytest.mark.parametrize(
    "request_type",
    [
        "Messaging.MessageReceived",
        "Alexa.Presentation.APL.LoadIndexListData",
        "AlexaSkillEvent.SkillEnabled",
        "Some.TypeNoSkillKnows",
    ],
)
def test_a_request_alexa_expects_no_speech_for_gets_none(request_type):
    body = envelope(
        {"type": request_type, "requestId": "r", "timestamp": "2026-12-07T03:00:00Z", "locale": "en-US"},
        Device(),
        session_id="s",
        new=False,
    )
    answer = lambda_function.handler(body, None)
    assert isinstance(answer, dict) and "outputSpeech" not in (answer.get("response") or {})


def test_a_control_character_in_words_sent_back_never_makes_the_ssml_invalid():
    body = envelope(
        intent_request("AMAZON.RepeatIntent"),
        Device(),
        session_id="s",
        new=False,
        attributes={"last": {"text": "Stretch\x01 your calf\x1b now. Say next.", "reprompt_text": "Say next\x00."}},
    )
    reply = _send(body)  # check_alexa_rules parses the SSML as XML
    assert "\x01" not in reply.ssml and "Stretch" not in reply.text  # not the skill's words: not spoken


def _repeat_across_instances(keys: tuple[str, str]) -> tuple[str, str]:
    """An answer made by one instance of the skill (its own process, key keys[0]), then "repeat" heard by
    another (key keys[1]), as Lambda may route a session's turns: (the answer, what repeat said)."""
    script = """
import json, os, sys
sys.path[:0] = ["lambda", "."]
os.environ["PREFERENCES_DB"] = sys.argv[1]
import lambda_function
from simulator.envelopes import Device, envelope, intent_request
attributes = json.loads(sys.stdin.read())
body = envelope(intent_request(sys.argv[2]), Device(), session_id="s", new=not attributes, attributes=attributes)
answer = lambda_function.handler(body, None)
print(json.dumps([answer["response"]["outputSpeech"]["ssml"], answer.get("sessionAttributes", {})]))
"""
    said: list[str] = []
    attributes: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        for key, intent in zip(keys, ("RemedyIntent", "AMAZON.RepeatIntent"), strict=True):
            run = subprocess.run(
                [sys.executable, "-c", script, f"{folder}/p.sqlite3", intent],
                input=json.dumps(attributes),
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                env={**os.environ, "SESSION_SEAL_KEY": key},
            )
            ssml, attributes = json.loads(run.stdout.splitlines()[-1])
            said.append(ssml)
    return said[0], said[1]


def test_repeat_works_on_any_instance_that_shares_the_key_and_on_no_other():
    answer, again = _repeat_across_instances(("stack-key", "stack-key"))
    assert again == answer
    answer, again = _repeat_across_instances(("stack-key", "another-key"))
    assert again != answer and content_for("en-US")["navigation"]["nothing_to_repeat"] in again
