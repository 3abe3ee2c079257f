"""Talk to the skill the way Alexa does, and check every answer against Alexa's rules.

`Chat` sends real request envelopes through `lambda_function.handler` (the Lambda entry point),
carries session attributes between turns, and resolves slot values with the interaction model's own
values and synonyms. Every reply is checked on arrival: speech present and within limits,
well-formed SSML, a reprompt whenever the session stays open, a plain-text card.
"""

from __future__ import annotations

import functools
import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import lambda_function
from cramp_helper.content import LOCALES, content_for
from simulator.envelopes import (
    Conversation,
    Device,
    connections_response,
    intent_request,
    launch_request,
    session_ended_request,
)

MODELS_DIR = Path(__file__).resolve().parents[1] / "skill-package" / "interactionModels" / "custom"
MODEL_PATH = MODELS_DIR / "en-US.json"
MAX_SPEECH_CHARACTERS = 8000
MAX_RESPONSE_BYTES = 24 * 1024
MAX_BREAK_MS = 10_000
# requests Alexa expects no speech for (a name-free request wants only the yes, maybe or no)
SILENT_REQUESTS = ("SessionEndedRequest", "AlexaSkillEvent.SkillDisabled", "CanFulfillIntentRequest")
SSML_TAGS = {"speak", "break", "prosody", "amazon:effect", "emphasis", "p", "s", "sub", "audio"}
MAX_AUDIO_TAGS = 5  # Alexa plays at most five <audio> clips in one response
MAX_WORDS, MAX_URGENT_WORDS = 60, 40
COUNTED = re.compile(r'<prosody volume="soft">\w+</prosody>')  # a hold's soft count, or a repetition's
# An open session invites an answer: a question, or "say …" in the locale's language.
INVITES = re.compile(r"\b(?:say|di|dime)\b", re.IGNORECASE)


@functools.cache
def load_model(locale: str = "en-US") -> dict[str, Any]:
    """A published locale's interaction model (its languageModel)."""
    model: dict[str, Any] = json.loads((MODELS_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    return model["interactionModel"]["languageModel"]


@functools.cache
def synonyms(locale: str = "en-US") -> dict[str, dict[str, str]]:
    """Slot type -> lowercased value or synonym -> value id, from the locale's model."""
    index: dict[str, dict[str, str]] = {}
    for slot_type in load_model(locale)["types"]:
        lookup = index.setdefault(slot_type["name"], {})
        for value in slot_type["values"]:
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                lookup[word.lower()] = value["id"]
    return index


SYNONYMS = synonyms()
URGENT_TITLES = frozenset(content_for(locale)["urgent"]["title"] for locale in LOCALES)
SLOT_TYPES = {
    (intent["name"], slot["name"]): slot["type"]
    for intent in load_model()["intents"]
    for slot in intent.get("slots", [])
}
INTENT_SLOTS = {
    intent["name"]: [slot["name"] for slot in intent.get("slots", [])] for intent in load_model()["intents"]
}


def plain(ssml: str) -> str:
    """SSML as the words a listener hears (a <sub> as its written form, as the card shows it)."""
    ssml = re.sub(r"</?sub\b[^>]*>", "", ssml)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", ssml))).strip()


class Reply:
    """One response envelope, with the parts a test asks about."""

    def __init__(self, envelope: dict[str, Any]) -> None:
        self.envelope = envelope
        self.response: dict[str, Any] = envelope.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def text(self) -> str:
        return plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return plain(((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", ""))

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is True

    @property
    def card(self) -> dict[str, Any]:
        return self.response.get("card") or {}

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.response.get("directives") or []

    @property
    def attributes(self) -> dict[str, Any]:
        return self.envelope.get("sessionAttributes") or {}

    def check_alexa_rules(self) -> None:
        """What Alexa demands of every spoken response (and what users need from it)."""
        assert len(json.dumps(self.envelope).encode()) <= MAX_RESPONSE_BYTES
        assert self.ssml.startswith("<speak>") and self.ssml.endswith("</speak>"), "no speech"
        assert len(self.ssml) <= MAX_SPEECH_CHARACTERS
        root = ElementTree.fromstring(self.ssml)  # well-formed XML, or this raises
        for element in root.iter():
            assert element.tag in SSML_TAGS, element.tag
            if element.tag == "break":
                assert int(element.get("time", "0ms").removesuffix("ms")) <= MAX_BREAK_MS
            if element.tag == "audio":  # Alexa's own sound library: nothing to host, nothing to fail
                assert (element.get("src") or "").startswith("soundbank://soundlibrary/"), element.get("src")
        assert len(root.findall(".//audio")) <= MAX_AUDIO_TAGS
        assert self.text, "speech with no words"
        assert self.text.endswith((".", "?", "!")), f"speech trails off: {self.text[-40:]!r}"
        if not self.ended:
            assert self.reprompt, "the session stays open, so it needs a reprompt"
            assert "?" in self.text or INVITES.search(self.text), "an open session should invite an answer"
        if self.card.get("type") == "Simple":
            assert "<" not in self.card["content"] and self.card["content"].strip()
        self.check_length()

    def check_length(self) -> None:
        """Brief, as voice design asks: at most 60 words (counts during a hold aside), urgent help at most
        40, and no sentence said twice in one answer."""
        spoken = plain(COUNTED.sub(" ", self.ssml)).split()
        limit = MAX_URGENT_WORDS if self.card.get("title") in URGENT_TITLES else MAX_WORDS
        assert len(spoken) <= limit, f"{len(spoken)} words: {' '.join(spoken)}"
        sentences = [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", self.text) if len(s.split()) > 2]
        assert len(sentences) == len(set(sentences)), f"a sentence said twice: {self.text}"


class Chat:
    """A conversation with the skill, one Alexa session after another."""

    def __init__(self, device: Device | None = None) -> None:
        self.device = device or Device()
        self.conversation = Conversation(device=self.device)
        self.replies: list[Reply] = []

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    def send(self, request: dict[str, Any]) -> Reply:
        reply = Reply(self.answer(self.conversation.envelope(request)))
        if request["type"] not in SILENT_REQUESTS:
            reply.check_alexa_rules()
        self.replies.append(reply)
        self.conversation.remember(reply.envelope)
        if reply.ended:
            self.new_session()
        return reply

    def answer(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """The skill's response envelope, through the Lambda entry point."""
        return lambda_function.handler(envelope, None)

    def new_session(self) -> None:
        self.conversation = Conversation(device=self.device)

    def launch(self) -> Reply:
        return self.send(launch_request())

    def say(self, intent: str, **slots: str | None) -> Reply:
        """An intent as Alexa resolves it: slot values matched against the values and synonyms of the
        device's locale's model (the slots are the same in every model); every slot of the intent is
        sent, empty when not spoken."""
        known = synonyms(self.device.locale)
        heard = {name: slots.get(name) for name in INTENT_SLOTS.get(intent, [])}
        heard.update(slots)
        resolved = {}
        for name, value in heard.items():
            slot_type = SLOT_TYPES.get((intent, name), "")
            if value is not None and value.lower() in known.get(slot_type, {}):
                resolved[name] = known[slot_type][value.lower()]
        built_in = [name for name in heard if SLOT_TYPES.get((intent, name), "").startswith("AMAZON.")]
        return self.send(intent_request(intent, heard, resolved, built_in_slots=built_in))

    def end_session(self, reason: str = "USER_INITIATED") -> Reply:
        return self.send(session_ended_request(reason))

    def permission_answer(self, status: str) -> Reply:
        return self.send(connections_response(status))
