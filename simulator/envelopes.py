"""Real Alexa request envelopes, as the Alexa service would send them.

Shared by the console simulator, the tests and the benchmark so that all three speak to the skill
exactly as Alexa does: same JSON shape, same `context.System` fields (apiEndpoint, apiAccessToken,
device id, user id, permissions), same session bookkeeping.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def _screen(mode: str, shape: str, width: int, height: int, dpi: int, apl: str = "2024.2") -> dict[str, Any]:
    viewport = {
        "mode": mode,
        "shape": shape,
        "pixelWidth": width,
        "pixelHeight": height,
        "dpi": dpi,
        "currentPixelWidth": width,
        "currentPixelHeight": height,
        "touch": ["SINGLE"] if mode != "TV" else [],
        "keyboard": ["DIRECTION"] if mode == "TV" else [],
    }
    return {"interfaces": {"Alexa.Presentation.APL": {"runtime": {"maxVersion": apl}}}, "viewport": viewport}


CLOCK_VIEWPORT = {
    "id": "main",
    "type": "APLT",
    "supportedProfiles": ["FOUR_CHARACTER_CLOCK"],
    "lineLength": 4,
    "lineCount": 1,
    "format": "SEVEN_SEGMENT",
    "interSegments": [{"x": 2, "y": 0, "characters": "':."}],
}
# What devices with a screen or a character display declare in their requests (`Device.display`).
DISPLAYS: dict[str, dict[str, Any]] = {
    "show": _screen("HUB", "RECTANGLE", 1280, 800, 160),  # Echo Show 8 / 10: a large landscape hub
    "show5": _screen("HUB", "RECTANGLE", 960, 480, 160),  # Echo Show 5: a small landscape hub
    "show1": _screen("HUB", "RECTANGLE", 1024, 600, 160),  # first Echo Show: a medium hub
    "spot": _screen("HUB", "ROUND", 480, 480, 160),  # Echo Spot: a small round hub
    "tv": _screen("TV", "RECTANGLE", 1920, 1080, 320),  # Fire TV
    "tablet": _screen("MOBILE", "RECTANGLE", 1200, 1920, 240),  # a tablet held upright
    "old-show": _screen("HUB", "RECTANGLE", 1024, 600, 160, apl="1.0"),  # APL older than the skill's documents
    "clock": {
        "interfaces": {"Alexa.Presentation.APLT": {"runtime": {"maxVersion": "1.0"}}},
        "viewports": [CLOCK_VIEWPORT],
    },  # Echo Dot with clock: four characters
}


def utc_timestamp(moment: datetime | None = None) -> str:
    """Alexa's timestamp format: ISO 8601 in UTC with a Z suffix, no microseconds."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Device:
    """Who is talking, from which device, and which Alexa API endpoint answers for that device."""

    user_id: str = "amzn1.ask.account.TESTUSER"
    device_id: str = "amzn1.ask.device.TESTDEVICE"
    skill_id: str = DEFAULT_SKILL_ID
    locale: str = "en-US"
    # Unreachable by default (a closed loopback port): tests that need Alexa APIs point this at the
    # local stand-in, and nothing here ever calls the real service.
    api_endpoint: str = "https://127.0.0.1:9"
    api_access_token: str = "test-api-access-token"
    consent_token: str | None = None
    now: datetime | None = None  # fixed "now" for the request timestamp; None means the real clock
    display: str | None = None  # a screen or character display from DISPLAYS; None: a speaker (Echo Dot)


@dataclass
class Conversation:
    """One Alexa session: carries the session id and the attributes the skill returned last turn."""

    device: Device = field(default_factory=Device)
    session_id: str = field(default_factory=lambda: "amzn1.echo-api.session." + str(uuid.uuid4()))
    attributes: dict[str, Any] = field(default_factory=dict)
    new: bool = True

    def envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        """Wrap a request body in a session envelope and mark the session as no longer new."""
        body = envelope(request, self.device, session_id=self.session_id, attributes=self.attributes, new=self.new)
        self.new = False
        return body

    def remember(self, response_envelope: dict[str, Any]) -> None:
        """Carry the attributes the skill returned into the next turn, as Alexa does."""
        self.attributes = dict(response_envelope.get("sessionAttributes") or {})


def envelope(
    request: dict[str, Any],
    device: Device,
    *,
    session_id: str | None = None,
    attributes: dict[str, Any] | None = None,
    new: bool = True,
) -> dict[str, Any]:
    """A complete request envelope for `request` (a body from one of the builders below)."""
    request = dict(request)
    request.setdefault("requestId", "amzn1.echo-api.request." + str(uuid.uuid4()))
    request.setdefault("timestamp", utc_timestamp(device.now))
    request.setdefault("locale", device.locale)
    user: dict[str, Any] = {"userId": device.user_id}
    if device.consent_token:
        user["permissions"] = {"consentToken": device.consent_token}
    interfaces: dict[str, Any] = {}
    system = {
        "application": {"applicationId": device.skill_id},
        "user": user,
        "device": {"deviceId": device.device_id, "supportedInterfaces": interfaces},
        "apiEndpoint": device.api_endpoint,
        "apiAccessToken": device.api_access_token,
    }
    body: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if device.display is not None:
        shown = DISPLAYS[device.display]
        interfaces.update(shown["interfaces"])
        if "viewport" in shown:
            body["context"]["Viewport"] = dict(shown["viewport"])
        if "viewports" in shown:
            body["context"]["Viewports"] = [dict(viewport) for viewport in shown["viewports"]]
    if session_id is not None:
        body["session"] = {
            "new": new,
            "sessionId": session_id,
            "application": {"applicationId": device.skill_id},
            "attributes": dict(attributes or {}),
            "user": user,
        }
    return body


def launch_request(task: dict[str, Any] | None = None) -> dict[str, Any]:
    """A LaunchRequest; with `task` ({name, version, input}), the launch of a skill task (a timer's LAUNCH_TASK)."""
    return {"type": "LaunchRequest", "task": task} if task else {"type": "LaunchRequest"}


def intent_request(
    name: str,
    slots: dict[str, str | None] | None = None,
    resolved: dict[str, str] | None = None,
    confirmation: str = "NONE",
    built_in_slots: Iterable[str] = (),
) -> dict[str, Any]:
    """An IntentRequest. `slots` maps slot name to what was heard; `resolved` maps slot name to
    the canonical value id Alexa's entity resolution matched (a custom slot absent from it did not
    match). Slots of built-in types (AMAZON.TIME…) carry no resolutions, as on Alexa."""
    resolved = resolved or {}
    built_in = set(built_in_slots)
    slot_bodies: dict[str, Any] = {}
    for slot_name, value in (slots or {}).items():
        slot: dict[str, Any] = {"name": slot_name, "confirmationStatus": "NONE"}
        if value is not None:
            slot["value"] = value
            if slot_name in built_in:
                slot_bodies[slot_name] = slot
                continue
            if slot_name in resolved:
                code, values = "ER_SUCCESS_MATCH", [{"value": {"name": resolved[slot_name], "id": resolved[slot_name]}}]
            else:
                code, values = "ER_SUCCESS_NO_MATCH", []
            authority: dict[str, Any] = {
                "authority": "amzn1.er-authority.echo-sdk." + slot_name,
                "status": {"code": code},
            }
            if values:
                authority["values"] = values
            slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
        slot_bodies[slot_name] = slot
    return {
        "type": "IntentRequest",
        "dialogState": "COMPLETED",
        "intent": {"name": name, "confirmationStatus": confirmation, "slots": slot_bodies},
    }


def user_event(*arguments: Any, token: str = "step") -> dict[str, Any]:
    """A touch on a screen: Alexa.Presentation.APL.UserEvent with the SendEvent command's `arguments`."""
    return {
        "type": "Alexa.Presentation.APL.UserEvent",
        "token": token,
        "arguments": list(arguments),
        "source": {"type": "TouchWrapper", "handler": "Press", "id": ""},
        "components": {},
    }


def can_fulfill_intent_request(
    name: str, slots: dict[str, str | None] | None = None, resolved: dict[str, str] | None = None
) -> dict[str, Any]:
    """Alexa asking, before a name-free request reaches any skill, whether this skill can answer it."""
    request = intent_request(name, slots, resolved)
    return {"type": "CanFulfillIntentRequest", "dialogState": "COMPLETED", "intent": request["intent"]}


def session_ended_request(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}


def connections_response(status: str, name: str = "AskFor", token: str = "") -> dict[str, Any]:
    """The answer to a voice permission request (status ACCEPTED, DENIED or NOT_ANSWERED)."""
    return {
        "type": "Connections.Response",
        "name": name,
        "token": token,
        "status": {"code": "200", "message": "OK"},
        "payload": {"permissionScope": "alexa::alerts:reminders:skill:readwrite", "status": status},
    }


def skill_disabled_event(persisted: bool = False) -> dict[str, Any]:
    """AlexaSkillEvent.SkillDisabled: the user disabled the skill (no session)."""
    return {
        "type": "AlexaSkillEvent.SkillDisabled",
        "eventCreationTime": utc_timestamp(),
        "eventPublishingTime": utc_timestamp(),
        "body": {"userInformationPersistenceStatus": "PERSISTED" if persisted else "NOT_PERSISTED"},
    }
