"""The baseline: a hello-world Alexa skill on ask-sdk-core, written like the official
`helloworld-classes` sample (LaunchRequest and one intent, nothing else).

The only departure from the sample is the one the Cramp Helper also makes: the skill is built once
per process and `handler(event, context)` reuses it, instead of `sb.lambda_handler()` which builds a
new skill on every call. The benchmark compares the two skills' cold start, warm turns and memory.
"""

import json
import logging

import ask_sdk_core.utils as ask_utils
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import RequestEnvelope, Response

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


class LaunchRequestHandler(AbstractRequestHandler):
    """Handler for Skill Launch."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return ask_utils.is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        speak_output = "Welcome, you can say Hello or Help. Which would you like to try?"
        return handler_input.response_builder.speak(speak_output).ask(speak_output).response


class HelloWorldIntentHandler(AbstractRequestHandler):
    """Handler for Hello World Intent."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return ask_utils.is_intent_name("HelloWorldIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        speak_output = "Hello World!"
        return handler_input.response_builder.speak(speak_output).response


sb = SkillBuilder()
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelloWorldIntentHandler())
skill = sb.create()


def handler(event, context):
    """Lambda entry point: deserialise, invoke the one skill, serialise."""
    request_envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response_envelope = skill.invoke(request_envelope=request_envelope, context=context)
    return skill.serializer.serialize(response_envelope)
