"""The user's data rights: 'delete my data', and clean-up when the skill is disabled."""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from .. import preferences, reminder_api
from ..reminder_api import ReminderProblem
from ..speech import Speech
from ..turn import Turn
from .base import IntentHandler, RequestTypeHandler

logger = logging.getLogger(__name__)


class DeleteDataIntentHandler(IntentHandler):
    """'Delete my data': ask once, because it can't be undone."""

    intent_name = "DeleteDataIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["data"]
        turn.session.clear_activity()
        turn.session.offer = "confirm_delete"
        return turn.reply(Speech().say(words["confirm"]), Speech().say(words["confirm_reprompt"]),
                          title=words["title"])


def delete_confirmed(turn: Turn) -> Response:
    """Cancel the reminder (if any), then erase the record; say honestly what could not be done."""
    words = turn.content["data"]
    try:
        saved = preferences.load(turn.input)
    except preferences.PreferencesUnavailable:
        return turn.reply(Speech().say(words["failed"]), end=True)
    lead = ""
    if saved.reminder_token:
        try:
            reminder_api.cancel(turn.input, saved.reminder_token)
        except ReminderProblem:
            lead = words["reminder_left"]
    try:
        preferences.erase(turn.input)
    except preferences.PreferencesUnavailable:
        return turn.reply(Speech().say(words["failed"]), end=True)
    return turn.reply(Speech().say(words["deleted"], lead, turn.pick(turn.content["goodbye"])),
                      title=words["title"], end=True)


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
