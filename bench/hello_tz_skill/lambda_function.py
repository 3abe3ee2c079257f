"""The second baseline: the hello world that also needs the user's local time, written the SDK's usual way.

A skill that must know the device's time zone (as the Cramp Helper does for night mode) typically builds a
`CustomSkillBuilder(api_client=DefaultApiClient())` and asks the settings service (UPS) for it with
`service_client_factory.get_ups_service().get_system_time_zone(device_id)`: that pulls in `requests`,
urllib3 and the SDK's service clients. Built once per process, like the other baseline.
"""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import ask_sdk_core.utils as ask_utils
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope, Response


def local_time(handler_input: HandlerInput) -> str:
    try:
        device_id = handler_input.request_envelope.context.system.device.device_id  # type: ignore[union-attr]
        zone = handler_input.service_client_factory.get_ups_service().get_system_time_zone(device_id)
        now = datetime.now(UTC).astimezone(ZoneInfo(str(zone)))
    except Exception:
        return ""
    return f" It is {now:%H:%M} where you are."


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return ask_utils.is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        speak_output = "Welcome, you can say Hello or Help." + local_time(handler_input)
        return handler_input.response_builder.speak(speak_output).ask(speak_output).response


class HelloWorldIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return ask_utils.is_intent_name("HelloWorldIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Hello World!" + local_time(handler_input)).response


sb = CustomSkillBuilder(api_client=DefaultApiClient())
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelloWorldIntentHandler())
skill = sb.create()


def handler(event, context):
    """Lambda entry point: deserialise, invoke the one skill, serialise (as the bare hello world)."""
    request_envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response_envelope = skill.invoke(request_envelope=request_envelope, context=context)
    return skill.serializer.serialize(response_envelope)
