"""What most handlers share: answering one intent name (or a few), or one request type, in any state.

What a handler answers is declared (`intent_name`, `intent_names`, `request_type`), so the skill's
dispatcher (`dispatch.py`) asks only the handlers that could answer a request, in their order.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import IntentRequest


class IntentHandler(AbstractRequestHandler):
    """Handles the intent named by `intent_name`, whatever the conversation state."""

    intent_name = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name(self.intent_name)(handler_input)


class IntentsHandler(AbstractRequestHandler):
    """Handles any of the intents in `intent_names` (one answer for several ways of asking)."""

    intent_names: tuple[str, ...] = ()

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return (
            isinstance(request, IntentRequest)
            and request.intent is not None
            and request.intent.name in self.intent_names
        )


class RequestTypeHandler(AbstractRequestHandler):
    """Handles requests of type `request_type` (LaunchRequest, Connections.Response, events…)."""

    request_type = ""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(self.request_type)(handler_input)
