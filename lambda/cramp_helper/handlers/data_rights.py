"""The user's data rights: 'delete my data', and clean-up when the skill is disabled."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..lazy import on_first_use
from ..speech import Speech
from ..turn import Turn
from . import offers, replies
from .base import IntentHandler, RequestTypeHandler

if TYPE_CHECKING:
    from .. import preferences, reminder_api
else:
    preferences, reminder_api = on_first_use("preferences", "reminder_api")

logger = logging.getLogger(__name__)


class DeleteDataIntentHandler(IntentHandler):
    """'Delete my data': ask once, because it can't be undone."""

    intent_name = "DeleteDataIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["data"]
        turn.session.clear_activity()
        turn.session.offer = offers.offer_id("confirm_delete")
        return turn.reply(Speech().say(words["confirm"]), Speech().say(words["confirm_reprompt"]), title=words["title"])


def delete_confirmed(turn: Turn) -> Response:
    """Cancel every reminder of ours, then erase the record; say honestly what could not be done.

    The reminders are the one the record names and every one on the list Alexa keeps of this skill's
    reminders: one created after a timed-out turn, or named by a record the store lost, goes too."""
    words = turn.content["data"]
    try:
        stored, readable = preferences.load(turn.input).reminder_token, True
    except preferences.PreferencesUnavailable:
        stored, readable = None, False
    lead = ""
    try:
        for token in _reminders_to_cancel(turn, stored, readable):
            reminder_api.cancel(turn.input, token)
    except reminder_api.ReminderProblem:
        lead = words["reminder_left"]
    try:
        preferences.erase(turn.input)
    except preferences.PreferencesUnavailable:
        return turn.reply(Speech().say(words["failed"]), end=True)
    return turn.reply(
        Speech().say(words["deleted"], lead, turn.pick(turn.content["goodbye"])), title=words["title"], end=True
    )


def _reminders_to_cancel(turn: Turn, stored: str | None, readable: bool) -> list[str]:
    """The reminder the record names and every one on Alexa's list of this skill's reminders.
    ReminderProblem when one may be left that can't be found: the list unread and no stored token, unless
    the record was read and the permission is missing (then none can have been set)."""
    try:
        listed = reminder_api.list_tokens(turn.input)
    except reminder_api.ReminderProblem as problem:
        if not stored and (problem.kind != "permission" or not readable):
            raise
        listed = []
    return list(dict.fromkeys([stored, *listed] if stored else listed))


class SkillDisabledEventHandler(RequestTypeHandler):
    """The user disabled the skill: delete their record unless Alexa says it is kept."""

    request_type = "AlexaSkillEvent.SkillDisabled"

    def handle(self, handler_input: HandlerInput) -> Response:
        body = getattr(handler_input.request_envelope.request, "body", None) or {}
        if body.get("userInformationPersistenceStatus") != "PERSISTED":
            try:
                preferences.erase(handler_input)
            except preferences.PreferencesUnavailable:
                logger.error("Could not delete preferences after SkillDisabled")
                raise
        return handler_input.response_builder.response


offers.register(
    "confirm_delete",
    offers.OfferKind(
        yes=lambda turn, _: delete_confirmed(turn),
        no=lambda turn, _: replies.goodbye(turn, turn.content["data"]["kept"]),
    ),
)
