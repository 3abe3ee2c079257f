"""Every request gets the answer the SDK's own dispatch would give, read as the SDK would read it.

The skill finds handlers through an index (`cramp_helper.dispatch`) and reads envelopes without the
SDK's JSON round trip and date parser (`cramp_helper.serializer`), both for speed. Here a reference
skill, the same handlers behind the SDK's own request mapper and serializer, hears every conversation
too: every reply must be the same, and every envelope must read the same.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.dispatch_components import GenericRequestMapper

from cramp_helper.serializer import EnvelopeSerializer
from cramp_helper.skill import build_skill, handle_event
from simulator.envelopes import Device, can_fulfill_intent_request, skill_disabled_event, user_event
from tests.chat import Chat
from tests.test_every_state import INTENTS, STATES, slots_for

REFERENCE_USER = "amzn1.ask.account.REFERENCE"
CHOSEN_STATES = (
    "fresh one-shot",
    "after launch",
    "mid walkthrough",
    "mid routine",
    "reading a list",
    "confirming a reminder",
    "confirming a deletion",
)


class TwinChat(Chat):
    """A conversation heard by the skill and by the reference skill (for another user, so their saved
    preferences never mix); each reply is compared before the conversation goes on."""

    def __init__(self, device: Device | None = None) -> None:
        super().__init__(device or Device())
        self.skill = build_skill()
        self.reference = build_skill()
        self.reference.serializer = DefaultSerializer()
        dispatcher = self.reference.request_dispatcher
        dispatcher.request_mappers = [
            GenericRequestMapper(mapper.request_handler_chains) for mapper in dispatcher.request_mappers
        ]

    def answer(self, envelope: dict[str, Any]) -> dict[str, Any]:
        for_reference = _for_user(copy.deepcopy(envelope), REFERENCE_USER)
        assert EnvelopeSerializer().deserialize(
            copy.deepcopy(envelope), RequestEnvelope
        ) == DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
        response = handle_event(envelope, skill=self.skill)
        assert response == handle_event(for_reference, skill=self.reference)
        return response


def _for_user(envelope: dict[str, Any], user_id: str) -> dict[str, Any]:
    for holder in (envelope.get("session") or {}, envelope["context"]["System"]):
        if isinstance(holder.get("user"), dict):
            holder["user"]["userId"] = user_id
    return envelope


@pytest.mark.parametrize("state", CHOSEN_STATES)
def test_every_intent_in_every_state_gets_the_answer_the_sdk_dispatch_gives(state: str):
    for intent in [*INTENTS, "MadeUpIntent"]:
        chat = TwinChat()
        STATES[state](chat)
        chat.say(intent, **slots_for(chat, intent))


def test_red_flags_requests_and_events_get_the_answer_the_sdk_dispatch_gives():
    chat = TwinChat()
    chat.say("CrampNowIntent", symptom="chest pain")
    chat.say("StretchIntent", stretch="calf", symptom="swollen")
    chat.launch()
    chat.permission_answer("ACCEPTED")
    chat.end_session("ERROR")
    chat.send(skill_disabled_event())


def test_touches_and_name_free_requests_on_a_screen_get_the_answer_the_sdk_dispatch_gives():
    chat = TwinChat(Device(display="show"))
    chat.say("StretchIntent", stretch="calf")
    for touch in ("next", "repeat", "previous", "next", "next", "unknown-button"):
        chat.send(user_event(touch))
    chat.say("AMAZON.StopIntent")
    chat.send(user_event("next"))
    chat.send(can_fulfill_intent_request("StretchIntent", {"stretch": "calf"}, {"stretch": "calf"}))
    chat.send(can_fulfill_intent_request("SymptomIntent", {"symptom": "chest pain"}))


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-12-01T22:08:09Z",
        "2026-12-01T22:08:09.123Z",
        "2026-12-01T22:08:09",
        "2026-12-01T22:08:09+05:30",
        "2026-12-01",
        "Dec 1 2026 10pm",
    ],
)
def test_a_timestamp_reads_as_the_sdk_reads_it(stamp: str):
    for kind in (datetime, date):
        ours = EnvelopeSerializer()._DefaultSerializer__deserialize_datetime(stamp, kind)
        sdk = DefaultSerializer()._DefaultSerializer__deserialize_datetime(stamp, kind)
        assert ours == sdk
