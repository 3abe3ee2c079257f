"""The last line of defence: whatever went wrong, the user hears a kind, useful answer."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.exceptions import DispatchException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..interceptors import SPOKEN_REQUESTS
from ..speech import Speech
from ..turn import Turn
from .conversation import fallback

logger = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Unknown intents re-orient like a fallback; real faults get an apology and a way forward."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request_type = getattr(handler_input.request_envelope.request, "object_type", "") or ""
        if request_type not in SPOKEN_REQUESTS:  # session ends, events, name-free, types unknown to the skill
            logger.error("Failed handling %r: %s", request_type[:80], type(exception).__name__)
            return handler_input.response_builder.response  # Alexa allows no speech here
        turn = Turn(handler_input)
        if isinstance(exception, DispatchException):
            logger.warning("No handler for this request")
            return fallback(turn)
        logger.exception("Unexpected error while handling %r", request_type[:80])
        words = turn.content["error"]
        turn.session.clear_activity()
        return turn.reply(Speech().say(words["general"], words["question"]))
