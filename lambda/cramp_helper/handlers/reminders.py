"""'Remind me to stretch at 9 PM': set, read, change and cancel the nightly reminder.

A confirmed reminder costs one read and one write of the store, whatever happens: the record is read,
the Reminders API called, and then the preference (time, zone, wanted) is written together with what
the API answered: the new token on success, or "not scheduled yet" on any failure. So a failed call
never loses what the user asked for, "set my reminder" simply tries again, and "when is my reminder"
never claims a time the API did not accept.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

from .. import preferences, reminder_api, reminder_times
from ..local_time import device_time_zone, local_now
from ..reminder_api import REMINDERS_SCOPE, ReminderProblem
from ..reminder_times import ClockTime, VagueTime
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from .base import IntentHandler, RequestTypeHandler


def ask_for_time(turn: Turn, lead: str = "") -> Response:
    words = turn.content["reminders"]
    turn.session.offer = None
    return turn.reply(Speech().say(lead, words["ask_time"]), Speech().say(words["ask_time_reprompt"]),
                      title=words["title"])


def propose(turn: Turn, at: ClockTime, lead: str = "") -> Response:
    """Confirm once before creating: 'Every night at 9 PM I'll remind you… Shall I set that?'"""
    words = turn.content["reminders"]
    turn.session.attributes["pending_reminder"] = at.value
    turn.session.offer = "confirm_reminder"
    question = words["confirm"].format(time=at.spoken())
    return turn.reply(Speech().say(lead, question), Speech().say(words["confirm_reprompt"]),
                      title=words["title"])


def set_confirmed(turn: Turn) -> Response:
    """The user said yes: create or replace the reminder, then save the preference with the outcome."""
    pending = reminder_times.parse(turn.session.get("pending_reminder", str))
    turn.session.attributes.pop("pending_reminder", None)
    if not isinstance(pending, ClockTime):
        return ask_for_time(turn)
    saved = _load(turn)
    if saved is None:
        return _apologise(turn, "store")
    zone = device_time_zone(turn.input)
    return schedule(turn, {**saved, "reminder_time": pending.value, "time_zone": zone, "reminder_wanted": True})


def schedule(turn: Turn, wanted: Dict[str, Any]) -> Response:
    """Create (or replace) the reminder `wanted` describes, save it with the API's answer in one write,
    and say how it went."""
    words = turn.content["reminders"]
    at = reminder_times.parse(wanted.get("reminder_time"))
    if not isinstance(at, ClockTime):
        return ask_for_time(turn)
    zone = wanted.get("time_zone") or device_time_zone(turn.input)
    request = reminder_api.build_request(at, zone, words["alert_text"], turn.locale or "en-US",
                                         local_now(turn.input, zone))
    try:
        token = reminder_api.schedule(turn.input, request, wanted.get("reminder_token"))
    except ReminderProblem as problem:
        # Keep the old token (if any) so the retry replaces that reminder instead of adding one.
        stored = _save(turn, wanted, reminder_scheduled_time=None)
        if problem.kind == "permission":
            return ask_permission(turn) if stored else _apologise(turn, "store")
        return _apologise(turn, problem.kind if stored else "store")
    turn.session.offer = None
    stored = _save(turn, wanted, reminder_token=token, reminder_scheduled_time=at.value)
    lead = words["done" if stored else "done_unsaved"].format(time=at.spoken())
    return turn.reply(Speech().say(lead, turn.content["anything_else"]), title=words["title"])


def is_scheduled(saved: Dict[str, Any]) -> bool:
    """True when Alexa holds a reminder at the time the user last asked for."""
    return bool(saved.get("reminder_wanted") and saved.get("reminder_token")
                and saved.get("reminder_scheduled_time") == saved.get("reminder_time"))


def ask_permission(turn: Turn) -> Response:
    """Ask for the reminders permission by voice; Alexa answers with a Connections.Response."""
    words = turn.content["reminders"]
    turn.input.response_builder.add_directive(SendRequestDirective(
        name="AskFor", token="reminders",
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": REMINDERS_SCOPE}))
    turn.session.clear_activity()
    return turn.reply(Speech().say(words["need_permission"]), title=words["title"], end=True)


def _apologise(turn: Turn, kind: str) -> Response:
    words = turn.content["reminders"]["problems"]
    turn.session.offer = None
    return turn.reply(Speech().say(words.get(kind, words["unavailable"]), turn.content["anything_else"]))


def _save(turn: Turn, wanted: Dict[str, Any], **outcome: Any) -> bool:
    """Write the preference and the API's outcome in one call; False when the store failed."""
    try:
        preferences.save(turn.input, **{**wanted, **outcome})
    except preferences.PreferencesUnavailable:
        return False
    return True


def _load(turn: Turn) -> Optional[Dict[str, Any]]:
    try:
        return preferences.load(turn.input)
    except preferences.PreferencesUnavailable:
        return None


class SetReminderIntentHandler(IntentHandler):
    """'Remind me to stretch at 9 PM' (or 'set my reminder' again, which retries the saved time)."""

    intent_name = "SetReminderIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["reminders"]
        heard, _ = slot_value(handler_input, "time")
        at = reminder_times.parse(heard)
        if isinstance(at, VagueTime):
            key = "vague_evening" if at.code in ("NI", "EV") else "vague_day"
            return ask_for_time(turn, words[key])
        if heard and at is None:
            return ask_for_time(turn, words["not_a_time"])
        if at is None:
            saved = _load(turn) or {}
            remembered = reminder_times.parse(saved.get("reminder_time"))
            if isinstance(remembered, ClockTime):
                return propose(turn, remembered)
            return ask_for_time(turn)
        if at.in_small_hours:
            suggestion = reminder_times.parse(reminder_times.SUGGESTED_BEDTIME)
            return propose(turn, suggestion, words["small_hours"].format(time=at.spoken()))
        return propose(turn, at)


class PermissionResponseHandler(RequestTypeHandler):
    """Alexa's answer to our permission request: ACCEPTED, DENIED or NOT_ANSWERED."""

    request_type = "Connections.Response"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["reminders"]
        payload = getattr(handler_input.request_envelope.request, "payload", None) or {}
        if payload.get("status") == "ACCEPTED":
            saved = _load(turn)
            if saved is None:
                return _apologise(turn, "store")
            return schedule(turn, saved)
        return turn.reply(Speech().say(words["permission_denied"]), end=True,
                          card=AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE]))


class GetReminderIntentHandler(IntentHandler):
    """'When is my reminder?'"""

    intent_name = "GetReminderIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["reminders"]
        saved = _load(turn)
        if saved is None:
            return _apologise(turn, "store")
        at = reminder_times.parse(saved.get("reminder_time"))
        if not isinstance(at, ClockTime):
            turn.session.offer = "reminder"
            return turn.reply(Speech().say(words["none"]), Speech().say(words["none"]), title=words["title"])
        if is_scheduled(saved):
            text = words["is_set"].format(time=at.spoken())
            return turn.reply(Speech().say(text, turn.content["anything_else"]), title=words["title"])
        lead = words["not_scheduled" if saved.get("reminder_wanted") else "is_off"].format(time=at.spoken())
        turn.session.attributes["pending_reminder"] = at.value
        turn.session.offer = "confirm_reminder"
        return turn.reply(Speech().say(lead), Speech().say(words["confirm_reprompt"]), title=words["title"])


class CancelReminderIntentHandler(IntentHandler):
    """'Stop my reminders': delete the Alexa reminder, keep the time in case they want it back."""

    intent_name = "CancelReminderIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["reminders"]
        saved = _load(turn)
        if saved is None:
            return _apologise(turn, "store")
        if not saved.get("reminder_token") and not saved.get("reminder_wanted"):
            return turn.reply(Speech().say(words["nothing_to_cancel"], turn.content["anything_else"]))
        if saved.get("reminder_token"):
            try:
                reminder_api.cancel(handler_input, saved["reminder_token"])
            except ReminderProblem as problem:
                return _apologise(turn, "cancel_permission" if problem.kind == "permission" else problem.kind)
        try:
            preferences.save(handler_input, reminder_wanted=False, reminder_token=None, reminder_scheduled_time=None)
        except preferences.PreferencesUnavailable:
            return _apologise(turn, "store")
        return turn.reply(Speech().say(words["cancelled"], turn.content["anything_else"]), title=words["title"])
