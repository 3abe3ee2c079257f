"""No JSON makes the skill raise: generated, mutated envelopes (fields missing or of the wrong type, odd
locales, huge and deep values, unknown request types and events) all get an answer Alexa can speak,
through `lambda_function.handler`; and the web service answers any body with 2xx or 4xx, never 500.

HOSTILE_EXAMPLES sets how many envelopes each property tries (default 60, so the suite stays fast;
`make reliability` runs 10,000)."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lambda_function
from cramp_helper.interceptors import SPOKEN_REQUESTS
from simulator.envelopes import (
    Device,
    connections_response,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_disabled_event,
)
from tests.chat import INTENT_SLOTS, MAX_BREAK_MS, MAX_RESPONSE_BYTES, MAX_SPEECH_CHARACTERS

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "60"))
SSML_TAGS = {"speak", "break", "prosody", "amazon:effect", "emphasis", "p", "s", "sub"}
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["", "null", "<speak>", "</speak><audio src='x'/>"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
huge = st.sampled_from(
    [lambda: "x" * 100_000, lambda: "é" * 20_000, lambda: ["a"] * 20_000, lambda: {str(n): n for n in range(5_000)}]
).map(lambda make: make())  # a new one each time
odd_locales = st.sampled_from(
    [
        "../../x",
        "../content/en",
        "en-GB/../../../etc/passwd",
        "",
        "x" * 5_000,
        "EN-us",
        "en",
        "fr-FR",
        "zz-ZZ",
        "en_US",
        "\x00",
        42,
        None,
        ["en-US"],
        {"a": 1},
    ]
)
request_types = st.sampled_from(
    [
        "LaunchRequest",
        "IntentRequest",
        "SessionEndedRequest",
        "Connections.Response",
        "AlexaSkillEvent.SkillDisabled",
        "AlexaSkillEvent.SkillEnabled",
        "Alexa.Presentation.APL.UserEvent",
        "CanFulfillIntentRequest",
        "System.ExceptionEncountered",
        "Messaging.MessageReceived",
        "NoSuchRequest",
        "",
        7,
        None,
    ]
)


def deep(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


@st.composite
def base_envelopes(draw) -> dict[str, Any]:
    kind = draw(st.sampled_from(["launch", "intent", "ended", "connections", "disabled"]))
    if kind == "intent":
        name = draw(st.sampled_from([*sorted(INTENT_SLOTS), "NoSuchIntent", "AMAZON.ScrollUpIntent"]))
        slots = {
            slot: draw(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["21:00", "NI", "calf"])))
            for slot in INTENT_SLOTS.get(name, [])
        }
        request = intent_request(name, slots)
    else:
        request = {
            "launch": launch_request,
            "ended": session_ended_request,
            "disabled": skill_disabled_event,
            "connections": lambda: connections_response(
                draw(st.sampled_from(["ACCEPTED", "DENIED", ""])),
                token=draw(st.sampled_from(["", "reminders", "cancel_reminder"])),
            ),
        }[kind]()
    attributes = draw(
        st.one_of(
            st.just({}),
            st.builds(  # an answer sent back as if the skill had said it, with or without a seal
                lambda text, seal: {"last": {"text": text, "reprompt_text": "Say next.", "title": None, "seal": seal}},
                st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.", min_size=12, max_size=60),
                st.one_of(st.none(), st.text(max_size=32)),
            ),
            st.dictionaries(
                st.sampled_from(
                    [
                        "walkthrough",
                        "page",
                        "offer",
                        "pending_reminder",
                        "last",
                        "turn",
                        "night",
                        "time_zone",
                        "lapsed_claim",
                        "anything",
                    ]
                ),
                json_values,
                max_size=5,
            ),
        )
    )
    return envelope(
        request, Device(), session_id="amzn1.echo-api.session.fuzz", attributes=attributes, new=draw(st.booleans())
    )


PATHS = [
    ("version",),
    ("session",),
    ("session", "attributes"),
    ("session", "user"),
    ("session", "new"),
    ("context",),
    ("context", "System"),
    ("context", "System", "user"),
    ("context", "System", "user", "userId"),
    ("context", "System", "device"),
    ("context", "System", "apiEndpoint"),
    ("context", "System", "apiAccessToken"),
    ("request",),
    ("request", "type"),
    ("request", "locale"),
    ("request", "timestamp"),
    ("request", "intent"),
    ("request", "intent", "name"),
    ("request", "intent", "slots"),
    ("request", "payload"),
    ("request", "token"),
    ("request", "body"),
]


@st.composite
def mutated_envelopes(draw) -> dict[str, Any]:
    body = draw(base_envelopes())
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(PATHS))
        action = draw(st.sampled_from(["drop", "replace", "huge", "deep", "locale", "type"]))
        if action == "locale":
            path, value = ("request", "locale"), draw(odd_locales)
        elif action == "type":
            path, value = ("request", "type"), draw(request_types)
        else:
            value = {
                "replace": lambda: draw(json_values),
                "huge": lambda: draw(huge),
                "deep": lambda: deep(draw(st.sampled_from([50, 300, 900]))),
                "drop": lambda: None,
            }[action]()
        parent = body
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            if action == "drop":
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
    return body


def check_answer(event: dict[str, Any], answer: Any) -> None:
    """A response envelope Alexa accepts: JSON, within size, and speech (if any) valid SSML within limits."""
    assert isinstance(answer, dict)
    assert len(json.dumps(answer).encode()) <= MAX_RESPONSE_BYTES
    response = answer.get("response") or {}
    request = event.get("request") if isinstance(event.get("request"), dict) else {}
    request_type = request.get("type") if isinstance(request.get("type"), str) else ""
    speech = (response.get("outputSpeech") or {}).get("ssml")
    if request_type and request_type not in SPOKEN_REQUESTS:  # events, session ends, name-free, unknown types
        assert speech is None, f"speech for a request Alexa expects none for: {request_type!r}"
        return
    assert speech is not None, f"no speech for {request_type!r}"
    session = event.get("session") if isinstance(event.get("session"), dict) else {}
    attributes = session.get("attributes") if isinstance(session.get("attributes"), dict) else {}
    last = attributes.get("last") if isinstance(attributes.get("last"), dict) else {}
    sent_back = last.get("text") if isinstance(last.get("text"), str) else ""
    if len(sent_back.strip()) >= 12:  # words sent back without the skill's seal are never replayed
        assert " ".join(sent_back.split()) not in " ".join(re.sub(r"<[^>]+>", " ", speech).split())
    for ssml in (speech, ((response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")):
        if ssml is None:
            continue
        assert ssml.startswith("<speak>") and ssml.endswith("</speak>") and len(ssml) <= MAX_SPEECH_CHARACTERS
        for element in ElementTree.fromstring(ssml).iter():  # well-formed, or this raises
            assert element.tag in SSML_TAGS, element.tag
            if element.tag == "break":
                assert int(element.get("time", "0ms").removesuffix("ms")) <= MAX_BREAK_MS


@HOSTILE
@given(event=mutated_envelopes())
def test_no_envelope_makes_the_handler_raise_and_every_answer_is_speakable(event):
    # The odd-locale, wrong-typed-attribute, deep-value and replayed-"last" cases rest on the lead's
    # envelope work (issue 10 item 3); they are generated here all the same.
    check_answer(event, lambda_function.handler(event, None))


@pytest.fixture
def service(monkeypatch):
    monkeypatch.setenv("ASK_SDK_VERIFY_SIGNATURE", "false")
    monkeypatch.setenv("ASK_SDK_VERIFY_TIMESTAMP", "false")
    from webservice.app import create_app

    return create_app().test_client()


bodies = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    json_values.map(lambda value: json.dumps(value).encode()),
    mutated_envelopes().map(lambda value: json.dumps(value).encode()),
    st.sampled_from([b"[" * 5_000, b'{"a":' * 5_000, b"\xff\xfe", b"{}", b"null", b" " * 1_000]),
)


@HOSTILE
@given(body=bodies)
def test_the_web_service_answers_any_body_with_2xx_or_4xx_never_500(service, body):
    answer = service.post("/", data=body, headers={"Content-Type": "application/json"})
    assert 200 <= answer.status_code < 500, (answer.status_code, answer.get_data()[:200])


# -- sub-cases the lead's envelope work (issue 10 item 3: typed session attributes) made pass ----------


def _intent_with_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    return envelope(
        intent_request("NoSuchIntent"),
        Device(),
        session_id="amzn1.echo-api.session.fuzz",
        attributes=attributes,
        new=False,
    )


def test_an_offer_attribute_that_is_a_list_is_dropped_and_the_turn_answered():
    event = _intent_with_attributes({"offer": []})
    check_answer(event, lambda_function.handler(event, None))


def test_huge_unknown_session_attributes_are_not_echoed_back_past_alexas_limit():
    event = _intent_with_attributes({str(n): n for n in range(5_000)})
    check_answer(event, lambda_function.handler(event, None))


def test_the_web_service_answers_a_list_offer_attribute_without_500(service):
    answer = service.post("/", data=json.dumps(_intent_with_attributes({"offer": []})).encode())
    assert 200 <= answer.status_code < 500


def test_a_session_the_sdk_cannot_use_gets_a_spoken_apology_not_an_exception():
    event = envelope(launch_request(), Device())
    event["session"] = {"__dict__": {}}  # read by the SDK's deserialiser, then unusable by its attributes manager
    check_answer(event, lambda_function.handler(event, None))


def test_huge_session_attributes_on_an_event_are_not_echoed_back_past_alexas_limit():
    event = envelope(skill_disabled_event(), Device())
    event["session"] = {
        "sessionId": "s",
        "new": False,
        "attributes": {"last": {"text": "x" * 60_000}},
        "application": {"applicationId": event["context"]["System"]["application"]["applicationId"]},
        "user": {"userId": "amzn1.ask.account.TESTUSER"},
    }
    answer = lambda_function.handler(event, None)
    check_answer(event, answer)
    assert len(json.dumps(answer)) < 24 * 1024


def test_make_reliability_fails_on_an_escaped_exception_or_an_answer_outside_alexas_rules():
    """The run's verdict, not only its races: an escape or a broken answer in the envelopes exits 1."""
    from bench.reliability import failures

    clean = {
        "races": {"sqlite": {"duplicates": 0, "mismatches": 0, "exceptions": 0}},
        "envelopes": {"outcomes": {"answered": 10}},
    }
    assert failures(clean) == []
    escaped = {**clean, "envelopes": {"outcomes": {"answered": 9, "raised KeyError": 1}}}
    assert failures(escaped) == ["envelopes: 1 raised KeyError"]
    broken = {**clean, "envelopes": {"outcomes": {"answered": 9, "answer breaks Alexa's rules: speech": 1}}}
    assert failures(broken) == ["envelopes: 1 answer breaks Alexa's rules: speech"]
    duplicated = {**clean, "races": {"dynamodb": {"duplicates": 2, "mismatches": 0, "exceptions": 0}}}
    assert failures(duplicated) == ["dynamodb: 2 duplicates"]
    served = {
        "trickling_clients": 16,
        "idle_connections": 64,
        "requests": 20,
        "answered": 20,
        "slowest_seconds": 0.01,
        "median_seconds": 0.002,
        "limit_seconds": 1.0,
    }
    assert failures({**clean, "slow_clients": served}) == []
    assert failures({**clean, "slow_clients": {**served, "answered": 18, "slowest_seconds": 8.0}}) == [
        "slow clients: 18 of 20 answered, slowest 8.0 s"
    ]


def test_make_reliability_counts_what_every_store_kept_and_fails_on_anything_lost():
    """`make reliability`'s record figures, run for real: a damaged file's users, a newer version's fields,
    mangled write counters, the diary's timestamps and amendments, and private words in DEBUG logs, on SQLite
    and DynamoDB; and its verdict when one is lost, refused or leaked."""
    import os

    from bench.record_checks import failures
    from bench.reliability import records

    saved = dict(os.environ)
    try:
        report = records()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert failures(report) == []
    assert report["damage"]["header zeroed"]["kept"] == 300 and report["damage"]["cut to a half"]["kept"] >= 100
    assert {kind: result["lost"] for kind, result in report["newer"].items()} == {"sqlite": 0, "dynamodb": 0}
    assert [result["three_am_then_five_minutes_cramps"] for result in report["diary"].values()] == [1, 1]
    assert report["logs"]["log_lines"] and not report["logs"]["carrying_private_words"]
    slow = report["slow_store"]
    assert slow["answers_in_2_s"]["served"] and slow["answers_in_5_s"]["seconds"] < 6
    assert slow["a_write_landing_late"]["cramps_stored_after_saying_it_again"] == 1
    doubled = {
        **report,
        "slow_store": {
            **slow,
            "a_write_landing_late": {**slow["a_write_landing_late"], "cramps_stored_after_saying_it_again": 2},
        },
    }
    assert failures(doubled) == [
        "slow store: a write landing late: {'told_unconfirmed': True, 'cramps_stored_after_saying_it_again': 2}"
    ]
    assert report["reminders"] == {
        "cancel_with_none_and_no_permission_claims_done": False,
        "cancel_after_app_deletion_claims_done": False,
        "after_a_crash_says_what_alexa_rings": True,
    }
    lied = {**report, "reminders": {**report["reminders"], "cancel_after_app_deletion_claims_done": True}}
    assert failures(lied) == ["reminders: cancel_after_app_deletion_claims_done"]
    leaked = {**report, "logs": {"log_lines": 9, "carrying_private_words": 2}}
    assert failures(leaked) == ["logs: 2 lines carry a user id, device id or diary word"]
    lost = {**report, "newer": {"dynamodb": {"fields_and_entries": 8, "lost": 1}}}
    assert failures(lost) == ["newer version on dynamodb: 1 lost"]
    refused = {**report, "mangled": {"sqlite": {"records": 5, "writes_refused": 2}}}
    assert failures(refused) == ["mangled version on sqlite: 2 writes refused"]
    damaged = {**report, "damage": {"header zeroed": {**report["damage"]["header zeroed"], "kept": 0}}}
    assert failures(damaged) == ["damage, header zeroed: 0 of 300 records kept"]
