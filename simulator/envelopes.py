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


@dataclass
class Conversation:
    """One Alexa session: carries the session id and the attributes the skill returned last turn."""

    device: Device = field(default_factory=Device)
    session_id: str = field(default_factory=lambda: "amzn1.echo-api.session." + str(uuid.uuid4()))
    attributes: dict[str, Any] = field(default_factory=dict)
    new: bool = True

    def envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        """Wrap a request body in a session envelope and mark the session as no longer new."""
        body = envelope(request, self.device, session_id=self.session_id, attributes=self.attributes,
                        new=self.new)
        self.new = False
        return body

    def remember(self, response_envelope: dict[str, Any]) -> None:
        """Carry the attributes the skill returned into the next turn, as Alexa does."""
        self.attributes = dict(response_envelope.get("sessionAttributes") or {})


def envelope(request: dict[str, Any], device: Device, *, session_id: str | None = None,
             attributes: dict[str, Any] | None = None, new: bool = True) -> dict[str, Any]:
    """A complete request envelope for `request` (a body from one of the builders below)."""
    request = dict(request)
    request.setdefault("requestId", "amzn1.echo-api.request." + str(uuid.uuid4()))
    request.setdefault("timestamp", utc_timestamp(device.now))
    request.setdefault("locale", device.locale)
    user: dict[str, Any] = {"userId": device.user_id}
    if device.consent_token:
        user["permissions"] = {"consentToken": device.consent_token}
    system = {
        "application": {"applicationId": device.skill_id},
        "user": user,
        "device": {"deviceId": device.device_id, "supportedInterfaces": {}},
        "apiEndpoint": device.api_endpoint,
        "apiAccessToken": device.api_access_token,
    }
    body: dict[str, Any] = {"version": "1.0", "context": {"System": system}, "request": request}
    if session_id is not None:
        body["session"] = {
            "new": new,
            "sessionId": session_id,
            "application": {"applicationId": device.skill_id},
            "attributes": dict(attributes or {}),
            "user": user,
        }
    return body


def launch_request() -> dict[str, Any]:
    return {"type": "LaunchRequest"}


def intent_request(name: str, slots: dict[str, str | None] | None = None,
                   resolved: dict[str, str] | None = None,
                   confirmation: str = "NONE", built_in_slots: Iterable[str] = ()) -> dict[str, Any]:
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
                code, values = "ER_SUCCESS_MATCH", [{"value": {"name": resolved[slot_name],
                                                               "id": resolved[slot_name]}}]
            else:
                code, values = "ER_SUCCESS_NO_MATCH", []
            authority: dict[str, Any] = {"authority": "amzn1.er-authority.echo-sdk." + slot_name,
                                         "status": {"code": code}}
            if values:
                authority["values"] = values
            slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
        slot_bodies[slot_name] = slot
    return {"type": "IntentRequest", "dialogState": "COMPLETED",
            "intent": {"name": name, "confirmationStatus": confirmation, "slots": slot_bodies}}


def session_ended_request(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}


def connections_response(status: str, name: str = "AskFor", token: str = "") -> dict[str, Any]:
    """The answer to a voice permission request (status ACCEPTED, DENIED or NOT_ANSWERED)."""
    return {"type": "Connections.Response", "name": name, "token": token,
            "status": {"code": "200", "message": "OK"},
            "payload": {"permissionScope": "alexa::alerts:reminders:skill:readwrite", "status": status}}


def skill_disabled_event(persisted: bool = False) -> dict[str, Any]:
    """AlexaSkillEvent.SkillDisabled: the user disabled the skill (no session)."""
    return {"type": "AlexaSkillEvent.SkillDisabled", "eventCreationTime": utc_timestamp(),
            "eventPublishingTime": utc_timestamp(),
            "body": {"userInformationPersistenceStatus": "PERSISTED" if persisted else "NOT_PERSISTED"}}
