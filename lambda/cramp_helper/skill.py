"""The one skill builder: every handler, interceptor and service wired once per process.

The Lambda entry point (`lambda_function.handler`) and the web service both serve the skill built
here. `sb.lambda_handler()` would build a new skill on every call, so `handle_event` keeps one.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from typing import Any, cast

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import RESPONSE_FORMAT_VERSION
from ask_sdk_model import RequestEnvelope, ResponseEnvelope
from ask_sdk_model.ui import SimpleCard

from . import deadline
from .api_client import TimeoutApiClient
from .content import content_for
from .dispatch import IndexedRequestMapper
from .handlers import ALL_HANDLERS, ERROR_HANDLERS, REQUEST_INTERCEPTORS
from .interceptors import SPOKEN_REQUESTS
from .quiet_logs import quiet_library_logs
from .serializer import EnvelopeSerializer
from .speech import Speech
from .stores import persistence_adapter_from_environment

logger = logging.getLogger(__name__)


class _SkillBuilder(CustomSkillBuilder):
    """The SDK's builder, with the handlers found through `dispatch.IndexedRequestMapper`."""

    @property
    def skill_configuration(self) -> Any:
        configuration = super().skill_configuration
        configuration.request_mappers = [
            IndexedRequestMapper(mapper.request_handler_chains) for mapper in configuration.request_mappers
        ]
        return configuration


def build_skill(
    persistence_adapter: AbstractPersistenceAdapter | None = None,
    skill_id: str | None = None,
) -> CustomSkill:
    """A new skill. Arguments default to the environment: PREFERENCES_TABLE / PREFERENCES_DB choose
    the store, SKILL_ID (when set) makes the SDK reject requests meant for another skill."""
    quiet_library_logs()
    builder = _SkillBuilder(
        persistence_adapter=persistence_adapter or persistence_adapter_from_environment(),
        api_client=TimeoutApiClient(),
    )
    # The SDK declares skill_id only as `self.skill_id = None`, so mypy infers the type None.
    builder.skill_id = skill_id if skill_id is not None else (os.environ.get("SKILL_ID") or None)  # type: ignore[assignment]
    for request_handler in ALL_HANDLERS:
        builder.add_request_handler(request_handler())
    for exception_handler in ERROR_HANDLERS:
        builder.add_exception_handler(exception_handler())
    for interceptor in REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor())
    skill = builder.create()
    skill.serializer = EnvelopeSerializer()
    return skill


@functools.lru_cache(maxsize=1)
def get_skill() -> CustomSkill:
    """The process's skill, built on first use from the environment."""
    return build_skill()


def handle_event(event: dict[str, Any], context: Any = None, skill: CustomSkill | None = None) -> dict[str, Any]:
    """Deserialise an Alexa request envelope, let the skill answer it, serialise the response."""
    skill = skill or get_skill()
    try:
        request_envelope = _read_envelope(skill, _sanitised(event))
        if (
            request_envelope.request is None
            or request_envelope.context is None
            or request_envelope.context.system is None
        ):
            raise ValueError("the envelope lacks its request or context")
    except Exception as error:  # not a request Alexa would send: answer, don't crash
        logger.warning("Unreadable request envelope: %s", type(error).__name__)  # never the client's words
        return unreadable_request_response(event, skill)
    try:
        response_envelope = skill.invoke(request_envelope=request_envelope, context=context)
    except AskSdkException:  # the SDK's own refusal (a request for another skill): it stays a refusal
        raise
    except Exception as error:  # an envelope the SDK read but cannot serve (e.g. a session it can't use)
        logger.warning("Request envelope the SDK could not serve: %s", type(error).__name__)
        return unreadable_request_response(event, skill)
    finally:
        deadline.clear()  # the turn's budget ends with the turn (the interceptor started it)
    return cast(dict[str, Any], skill.serializer.serialize(response_envelope))  # a model object serialises to a dict


def _read_envelope(skill: CustomSkill, event: dict[str, Any]) -> RequestEnvelope:
    """The event as the SDK's model: handed over as it is to the skill's own serializer, as JSON text to any other."""
    payload: Any = event if isinstance(skill.serializer, EnvelopeSerializer) else json.dumps(event)
    return cast(RequestEnvelope, skill.serializer.deserialize(payload=payload, obj_type=RequestEnvelope))


def _sanitised(event: Any) -> dict[str, Any]:
    """Session attributes that are not an object can't be trusted: start the session afresh."""
    if not isinstance(event, dict):
        raise ValueError("the request envelope is not a JSON object")
    session = event.get("session")
    if isinstance(session, dict) and not isinstance(session.get("attributes", {}), dict):
        event = {**event, "session": {**session, "attributes": {}}}
    sanitised: dict[str, Any] = event
    return sanitised


def unreadable_request_response(event: Any, skill: CustomSkill) -> dict[str, Any]:
    """A spoken apology for an envelope the SDK cannot read at all, built as every other answer is; silence
    for a request of a type Alexa expects no speech for (an event, a session's end, a type the skill lacks)."""
    locale = None
    request = event.get("request") if isinstance(event, dict) else None
    if isinstance(request, dict):
        locale = request.get("locale")
        kind = request.get("type")
        if isinstance(kind, str) and kind and kind not in SPOKEN_REQUESTS:  # a type, but not one that speaks
            silent = ResponseEnvelope(version=RESPONSE_FORMAT_VERSION, response=ResponseFactory().response)
            return cast(dict[str, Any], skill.serializer.serialize(silent))
    content = content_for(locale if isinstance(locale, str) else None)
    words = content["error"]
    speech = Speech().say(words["request"], words["question"])
    response = (
        ResponseFactory()
        .speak(speech.ssml())
        .ask(Speech().say(words["question"]).ssml())
        .set_card(SimpleCard(title=content["skill_name"], content=speech.text()))
        .response
    )
    envelope = ResponseEnvelope(version=RESPONSE_FORMAT_VERSION, response=response)
    return cast(dict[str, Any], skill.serializer.serialize(envelope))  # a model object serialises to a dict
