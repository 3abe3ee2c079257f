"""'Shall I check on you in ten minutes?': a timer that, when it rings, opens the skill's check-in.

A cramp that has not eased after about ten minutes needs urgent help, and someone half asleep may not
think to say so. On yes, the skill sets a ten-minute Alexa timer (`timer_api.py`), asking for the timers
permission by voice the first time. When it rings and the person says yes, Alexa launches the skill's
check-in task: "Is the cramp gone?" Yes: glad, then the diary or a stretch. No, or any sign it's still
cramping: the urgent line for a long cramp, first, in a normal voice.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard

from .. import timer_api
from ..speech import Speech
from ..turn import Turn
from . import consent, offers, safety, topics
from .base import IntentsHandler, RequestTypeHandler

CHECK_IN_TOKEN = "check_in"  # our timers permission request's token, echoed in Alexa's answer
# What someone says at the check-in when the cramp has not gone ("no, it still hurts" can arrive as any).
STILL_CRAMPING_INTENTS = ("CrampNowIntent", "CrampSiteIntent", "SymptomIntent", "SorenessIntent")
LONG_CRAMP = "long_cramp"  # the red flag a cramp still there at the check-in is


def start(turn: Turn) -> Response:
    """'Yes' to the check-in: the ten-minute timer, or the permission asked for, or why it couldn't be set."""
    words = turn.content["check_in"]
    request = timer_api.check_in_request(
        timer_api.skill_id_of(turn.input), turn.locale, words["label"], words["confirm"]
    )
    turn.session.clear_activity()
    try:
        timer_api.start(turn.input, request)
    except timer_api.TimerProblem as problem:
        if problem.kind == "permission":
            return ask_permission(turn)
        return turn.reply(Speech().say(words["not_set"]), title=words["title"], end=True)
    return turn.reply(Speech().say(words["set"]), title=words["title"], end=True)


def ask_permission(turn: Turn) -> Response:
    """Ask for the timers permission by voice; Alexa answers with a Connections.Response carrying our token."""
    words = turn.content["check_in"]
    return consent.ask_for(turn, timer_api.TIMERS_SCOPE, CHECK_IN_TOKEN, words["need_permission"], words["title"])


class CheckInPermissionHandler(RequestTypeHandler):
    """Alexa's answer to our timers permission request: allowed, the timer is set; else say so plainly."""

    request_type = "Connections.Response"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (
            super().can_handle(handler_input)
            and getattr(handler_input.request_envelope.request, "token", None) == CHECK_IN_TOKEN
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        if (getattr(handler_input.request_envelope.request, "payload", None) or {}).get("status") == "ACCEPTED":
            return start(turn)
        words = turn.content["check_in"]
        return turn.reply(
            Speech().say(words["permission_denied"]),
            title=words["title"],
            end=True,
            card=AskForPermissionsConsentCard(permissions=[timer_api.TIMERS_SCOPE]),
        )


class CheckInLaunchHandler(RequestTypeHandler):
    """The timer rang and the person said yes: the skill opens on its check-in task. 'Is the cramp gone?'"""

    request_type = "LaunchRequest"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        task = getattr(handler_input.request_envelope.request, "task", None)
        return super().can_handle(handler_input) and timer_api.is_check_in(getattr(task, "name", None))

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["check_in"]
        turn.session.clear_activity()
        turn.session.offer = offers.offer_id("check_in_answer")
        return turn.reply(Speech().say(words["question"]), Speech().say(words["reprompt"]), title=words["title"])


def still_cramping(turn: Turn) -> Response:
    """Ten minutes on and not gone: the urgent line for a long cramp (or for a red flag said with it, if more
    urgent), first, and nothing after it that could harm."""
    return safety.urgent_help(turn, known=frozenset({LONG_CRAMP}))


class StillCrampingHandler(IntentsHandler):
    """At the check-in, 'no, it still hurts' or 'I've still got a cramp', said any way (with a red flag too):
    urgent help, never relief. Ahead of the red-flag check, so a long cramp is never an unplaced symptom."""

    intent_names = STILL_CRAMPING_INTENTS

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input) and Turn(handler_input).session.offer == offers.offer_id(
            "check_in_answer"
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        return still_cramping(Turn(handler_input))


offers.register(
    "check_in", offers.OfferKind(yes=lambda turn, _: start(turn), no=lambda turn, _: topics.check_in_declined(turn))
)
offers.register(
    "check_in_answer",
    offers.OfferKind(yes=lambda turn, _: topics.cramp_gone(turn), no=lambda turn, _: still_cramping(turn)),
)
