"""What most handlers share: answering one intent name, or one request type, in any state."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type


class IntentHandler(AbstractRequestHandler):
    """Handles the intent named by `intent_name`, whatever the conversation state."""

    intent_name = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(self.intent_name)(handler_input)


class RequestTypeHandler(AbstractRequestHandler):
    """Handles requests of type `request_type` (LaunchRequest, Connections.Response, events…)."""

    request_type = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(self.request_type)(handler_input)
