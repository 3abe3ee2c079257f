"""Work done around every request: night mode, decided once per session."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type

from .content import content_for
from .local_time import is_night_hour, local_now, turn_time_zone
from .session import Session, check_session

# Requests the skill answers with speech (the answer to a permission request and a touch on a screen included;
# never CanFulfillIntentRequest, which may touch no API).
SPOKEN_REQUESTS = ("LaunchRequest", "IntentRequest", "Connections.Response", "Alexa.Presentation.APL.UserEvent")


class SessionCheckInterceptor(AbstractRequestInterceptor):
    """Every request's session attributes are validated once, whichever handler (if any) reads them, so
    nothing the client sent that the skill did not write is ever echoed back (events included)."""

    def process(self, handler_input: HandlerInput) -> None:
        check_session(handler_input)


class NightModeInterceptor(AbstractRequestInterceptor):
    """Late evening and night on the device's clock: the skill speaks softly (see Turn.reply).

    Decided on a session's first spoken request and kept in the session; a request that arrives
    without a session keeps it for that request only."""

    def process(self, handler_input: HandlerInput) -> None:
        if not any(is_request_type(kind)(handler_input) for kind in SPOKEN_REQUESTS):
            return
        session = Session(handler_input)
        if session.night is not None:
            return
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        zone = turn_time_zone(handler_input, content_for(locale)["usual_time_zone"])
        session.night = is_night_hour(local_now(handler_input, zone).hour)
