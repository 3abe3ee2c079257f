"""Opening, help, yes / no, navigation outside an exercise, goodbye, and the end of a session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import pace as pace_prefs
from ..lazy import on_first_use
from ..slots import intent_name
from ..speech import Speech
from ..turn import Turn
from . import diary, offers, pace, replies, topics, walkthrough
from .base import IntentHandler, IntentsHandler, RequestTypeHandler

if TYPE_CHECKING:
    from .. import preferences
    from ..record import UserRecord
else:
    (preferences,) = on_first_use("preferences")  # read on a launch, not on a content turn

logger = logging.getLogger(__name__)


class LaunchRequestHandler(RequestTypeHandler):
    """'Open leg cramp helper': a greeting, the disclaimer on a user's first visit, and the menu."""

    request_type = "LaunchRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["welcome"]
        record = _record(handler_input)
        first_visit = record is None or not record.disclaimer_heard
        greeting = turn.pick(words["night"] if turn.night else words["first"] if first_visit else words["day"])
        lead = " ".join(filter(None, [greeting, turn.content["disclaimer"] if first_visit else ""]))
        if record is not None:
            pace_prefs.remember(handler_input, record)  # this session's steps need no read
        carry_on = pace.resume_offer(turn, record) if record is not None else None
        response = ask_again(turn, carry_on, lead) if carry_on else replies.main_menu(turn, lead)
        if first_visit:
            try:
                preferences.save(handler_input, disclaimer_heard=True)
            except preferences.PreferencesUnavailable:
                pass  # they will simply hear the disclaimer again next time
        return response


def _record(handler_input: HandlerInput) -> UserRecord | None:
    """The user's record, or None when it can't be read (then the disclaimer is said, to be sure)."""
    try:
        return preferences.load(handler_input)
    except preferences.PreferencesUnavailable:
        return None


def ask_again(turn: Turn, question: str, lead: str = "") -> Response:
    """Restate the open question; the offer stays, so "yes" still does what it offered."""
    return turn.reply(Speech().say(lead, question), Speech().say(question))


class HelpIntentHandler(IntentHandler):
    """Help that fits where the user is: a question waiting for yes or no, an exercise, or the menu."""

    intent_name = "AMAZON.HelpIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["help"]
        question = offers.pending_question(turn)
        if question:
            return ask_again(turn, question)
        in_exercise = walkthrough.say_where_we_are(turn, words["walkthrough"])
        if in_exercise is not None:
            return in_exercise
        turn.session.clear_activity()
        # at night the shortest way to get help first; night or day, all it can do, diary and reminder too
        night_first = turn.content["welcome"]["night_menu"] if turn.night else ""
        general = words["general"] if diary.keeps_diaries() else words["general_without_diary"]
        return turn.reply(Speech().say(night_first, general, words["question"]))


class FallbackIntentHandler(IntentHandler):
    """Something the skill can't do: say so without blame and suggest what works here."""

    intent_name = "AMAZON.FallbackIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return fallback(Turn(handler_input))


def fallback(turn: Turn) -> Response:
    """Re-orient without blame: the open question again, where we are in an exercise, or what works."""
    words = turn.content["fallback"]
    question = offers.pending_question(turn)
    if question:
        return ask_again(turn, question, words["pending"])
    in_exercise = walkthrough.say_where_we_are(turn, words["walkthrough"])
    if in_exercise is not None:
        return in_exercise
    turn.session.offer = None
    options = turn.content["welcome"]["night_menu"] if turn.night else words["suggest"]
    return turn.reply(
        Speech().say(
            turn.pick(words["general"]), turn.content["safety_line"], options, turn.content["welcome"]["question"]
        )
    )


class StopOrCancelIntentHandler(IntentsHandler):
    """'Stop' / 'cancel': end politely (and say plainly if something was left unset)."""

    intent_names = ("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return replies.goodbye(Turn(handler_input))


class YesIntentHandler(IntentHandler):
    """'Yes' does whatever the skill's last question offered; inside an exercise, 'okay' means next."""

    intent_name = "AMAZON.YesIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        accepted = offers.accept(turn)
        if accepted is not None:
            return accepted
        walk = turn.session.walkthrough
        if walk is not None:
            return walkthrough.next_step(turn, walk)
        return replies.main_menu(turn)


class NoIntentHandler(IntentHandler):
    """'No' to an offer: nothing is done, and the session ends kindly."""

    intent_name = "AMAZON.NoIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        declined = offers.decline(turn)
        if declined is not None:
            return declined
        if turn.session.walkthrough and offers.open_offer(turn) is None:
            return fallback(turn)
        return replies.goodbye(turn, turn.content["no_thanks"])


class NavigationIntentHandler(IntentsHandler):
    """Next / previous / repeat / start over / home when no exercise is in progress."""

    intent_names = (
        "AMAZON.NextIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.NavigateHomeIntent",
    )

    def handle(self, handler_input: HandlerInput) -> Response:
        return navigate(Turn(handler_input), intent_name(handler_input))


def navigate(turn: Turn, name: str) -> Response:
    """What a navigation intent (or the same touch on a screen) does outside an exercise."""
    words = turn.content["navigation"]
    page = turn.session.page
    if name == "AMAZON.RepeatIntent":
        return turn.repeat_last() or replies.main_menu(turn, words["nothing_to_repeat"])
    if name == "AMAZON.NextIntent" and page:
        return topics.read_page(turn, page.topic, page.page + 1)
    if name == "AMAZON.PreviousIntent" and page:
        return topics.read_page(turn, page.topic, page.page - 1)
    if name == "AMAZON.NextIntent":
        return replies.main_menu(turn, words["nothing_next"])
    return replies.main_menu(turn, words["home"])


class SessionEndedRequestHandler(RequestTypeHandler):
    """The session closed (user silent, said stop, or an error): Alexa allows no speech here."""

    request_type = "SessionEndedRequest"

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(getattr(request, "reason", None), "value", None)
        error = getattr(request, "error", None)
        if error is not None:
            kind = getattr(getattr(error, "object_type", None), "value", None)  # Alexa's error type, not its text
            logger.warning("Session ended with an error: %s", kind if isinstance(kind, str) else "unknown")
        else:
            logger.info("Session ended: %s", reason)
        return handler_input.response_builder.response
