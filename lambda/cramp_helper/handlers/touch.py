"""Touches on a screen: the step screen's Back, Repeat and Next do exactly what saying them does.

The buttons (content/screens/step.json) send an `Alexa.Presentation.APL.UserEvent` whose `arguments` are
["previous"], ["repeat"] or ["next"]. Inside an exercise each is answered by the walkthrough's own function
for that voice intent (the same speech, the next step's screen); outside one, by what the navigation
intent does there.
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from ..session import Walkthrough
from ..turn import Turn
from . import conversation, walkthrough
from .base import RequestTypeHandler

USER_EVENT = "Alexa.Presentation.APL.UserEvent"
# touch argument -> the voice intent it stands for, and what that intent does inside an exercise
TOUCHES: dict[str, tuple[str, Callable[[Turn, Walkthrough], Response]]] = {
    "next": ("AMAZON.NextIntent", walkthrough.next_step),
    "previous": ("AMAZON.PreviousIntent", walkthrough.previous_step),
    "repeat": ("AMAZON.RepeatIntent", walkthrough.speak_step),
}


def touched(handler_input: HandlerInput) -> str | None:
    """Which button was touched, if this request is one of the skill's own touch events."""
    if not is_request_type(USER_EVENT)(handler_input):
        return None
    arguments = getattr(handler_input.request_envelope.request, "arguments", None)
    if isinstance(arguments, list) and arguments and isinstance(arguments[0], str) and arguments[0] in TOUCHES:
        return arguments[0]
    return None


class TouchHandler(RequestTypeHandler):
    """Back / Repeat / Next touched on the step screen."""

    request_type = USER_EVENT

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return touched(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        intent, in_exercise = TOUCHES[touched(handler_input) or ""]
        walk = turn.session.walkthrough
        return in_exercise(turn, walk) if walk is not None else conversation.navigate(turn, intent)
