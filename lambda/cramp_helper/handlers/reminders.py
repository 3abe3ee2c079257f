"""'Remind me to stretch at 9 PM': set, read, change and cancel the nightly reminder.

A confirmed reminder is one read and two writes of the store: the record is read, claimed with the
user's wish (time, zone, wanted) so no other device changes the reminder at the same moment
(`reminder_sync.py`), the Reminders API called, and then what the API answered written as the claim
is dropped: the new token and time on success; on a refusal the reminder as it still rings. So a
failed call never loses what the user asked for, "set my reminder" simply tries again, and "when is
my reminder" never claims a time Alexa did not accept.

When no token is known (a store write failed after Alexa created the reminder), the next turn that
reads the reminder repairs the record from the reminders Alexa lists, so saying "set my reminder"
again never adds a second one, and "cancel my reminder" still finds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import AskForPermissionsConsentCard

from ..lazy import on_first_use
from ..local_time import device_time_zone, local_now
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from . import consent, offers, replies
from .base import IntentHandler, RequestTypeHandler

if TYPE_CHECKING:
    from .. import preferences, reminder_api, reminder_sync, reminder_times
    from .. import record as records
    from ..record import UserRecord
    from ..reminder_api import ReminderProblem
    from ..reminder_times import ClockTime
else:  # loaded by a reminder turn, not by a content turn
    preferences, records, reminder_api, reminder_sync, reminder_times = on_first_use(
        "preferences", "record", "reminder_api", "reminder_sync", "reminder_times"
    )

# The token of our permission request, echoed back in Alexa's Connections.Response.
SET_TOKEN, CANCEL_TOKEN = "reminders", "cancel_reminder"
# A reminder at these hours rings in the day, so it is never called "every night".
DAYTIME_HOURS = range(6, 18)


def reminder_words(turn: Turn, at: ClockTime) -> dict[str, Any]:
    """The reminder phrases for `at`: 'every day' wording for a daytime time, else 'every night'."""
    words = turn.content["reminders"]
    return {**words, **words["daytime"]} if at.hour in DAYTIME_HOURS else words


def pending(turn: Turn) -> ClockTime | None:
    """The time the open 'Shall I set that?' question is about, if it makes sense."""
    at = reminder_times.parse(turn.session.pending_reminder)
    return at if isinstance(at, reminder_times.ClockTime) else None


def ask_for_time(turn: Turn, lead: str = "") -> Response:
    words = turn.content["reminders"]
    turn.session.offer = None
    turn.session.pending_reminder = None
    return turn.reply(
        Speech().say(lead, words["ask_time"]), Speech().say(words["ask_time_reprompt"]), title=words["title"]
    )


def propose(turn: Turn, at: ClockTime, lead: str = "") -> Response:
    """Confirm once before creating: 'Every night at 9 PM I'll remind you… Shall I set that?'"""
    words = reminder_words(turn, at)
    turn.session.pending_reminder = at.value
    turn.session.offer = offers.offer_id("confirm_reminder")
    question = words["confirm"].format(time=turn.spoken_time(at))
    return turn.reply(Speech().say(lead, question), Speech().say(words["confirm_reprompt"]), title=words["title"])


def ask_which_half(turn: Turn, morning: ClockTime) -> Response:
    """'Half past nine': the evening, before bed, or the morning? The answer sets it; nothing more is asked."""
    turn.session.pending_reminder = morning.value
    turn.session.offer = offers.offer_id("which_half")
    question = which_half_question(turn, turn.content["reminders"]["which_half"], "")
    assert question is not None  # the pending morning time has its evening twin
    return turn.reply(Speech().say(question), Speech().say(question), title=turn.content["reminders"]["title"])


def which_half_question(turn: Turn, template: str, _: str) -> str | None:
    morning = pending(turn)
    evening = morning.evening_twin if morning else None
    if morning is None or evening is None:
        return None
    return template.format(evening=turn.spoken_time(evening), morning=turn.spoken_time(morning))


def set_evening(turn: Turn) -> Response:
    """'Yes' to the evening: the pending morning time moves twelve hours on, then is set."""
    morning = pending(turn)
    evening = morning.evening_twin if morning else None
    turn.session.pending_reminder = evening.value if evening else None
    return set_confirmed(turn)


def set_confirmed(turn: Turn) -> Response:
    """The user said yes: create or replace the reminder, then save the preference with the outcome."""
    at = pending(turn)
    turn.session.pending_reminder = None
    if at is None:
        return ask_for_time(turn)
    return schedule(turn, at, device_time_zone(turn.input))


def declined(turn: Turn) -> Response | None:
    """'No' to a daytime time: Alexa often hears 'nine' as 9 AM, so ask for the time instead of ending."""
    at = pending(turn)
    if turn.session.offer != offers.offer_id("confirm_reminder") or at is None or at.hour not in DAYTIME_HOURS:
        return None
    return ask_for_time(turn, turn.content["reminders"]["not_set"])


def schedule(turn: Turn, at: ClockTime, zone: str | None) -> Response:
    """Create (or replace) the one reminder at `at`, with the record claimed meanwhile so that no other
    device changes it at the same time (reminder_sync.py), then store Alexa's answer and say how it went."""
    words = reminder_words(turn, at)
    request = reminder_api.build_request(at, zone, words["alert_text"], turn.locale, local_now(turn.input, zone))
    try:
        claimed = reminder_sync.claim(turn.input, reminder_time=at.value, time_zone=zone, reminder_wanted=True)
    except reminder_sync.ReminderBusy:
        return _apologise(turn, "other_device")
    except preferences.PreferencesUnavailable:
        return _apologise(turn, "store")
    token = claimed.reminder_token
    try:
        if not token:  # one created earlier whose token was never saved is reused
            token = next(iter(reminder_api.list_tokens(turn.input)), None)
    except reminder_api.ReminderProblem as problem:
        return _not_scheduled(turn, claimed, problem, uncertain=False)
    try:
        token = reminder_api.schedule(turn.input, request, token)
    except reminder_api.ReminderProblem as problem:
        return _not_scheduled(turn, claimed, problem, uncertain=problem.kind == "unavailable")
    turn.session.offer = None
    stored = reminder_sync.release(turn.input, claimed, reminder_token=token, reminder_scheduled_time=at.value)
    lead = words["done" if stored else "done_unsaved"].format(time=turn.spoken_time(at))
    return turn.reply(Speech().say(lead, turn.content["anything_else"]), title=words["title"])


def _not_scheduled(turn: Turn, claimed: UserRecord, problem: ReminderProblem, uncertain: bool) -> Response:
    """The wish is stored (with the claim); Alexa refused, so its reminder is as it was. With no answer
    at all (`uncertain`) nobody knows what Alexa did: the claim stays, and the next turn that reads the
    reminder repairs the record from what Alexa lists."""
    if uncertain:
        reminder_sync.leave_claim(turn.input, claimed)
        stored = True
    else:
        stored = reminder_sync.release(turn.input, claimed) is not None
    if problem.kind == "permission":
        return ask_permission(turn, SET_TOKEN) if stored else _apologise(turn, "store")
    return _apologise(turn, problem.kind if stored else "store")


def ask_permission(turn: Turn, token: str) -> Response:
    """Ask for the reminders permission by voice; Alexa answers with a Connections.Response carrying
    `token` (SET_TOKEN or CANCEL_TOKEN), so the answer finishes what was asked."""
    words = turn.content["reminders"]
    lead = words["need_cancel_permission" if token == CANCEL_TOKEN else "need_permission"]
    return consent.ask_for(turn, reminder_api.REMINDERS_SCOPE, token, lead, words["title"])


def cancel(turn: Turn, may_ask: bool = True) -> Response:
    """Delete the Alexa reminder (asking for the permission once if it is missing); keep the time."""
    words = turn.content["reminders"]
    saved = _load(turn)
    if saved is None:
        return _apologise(turn, "store")
    try:  # Alexa's own list as well as the saved token: a reminder created after a timed-out turn is on it
        listed = reminder_api.list_tokens(turn.input)
    except reminder_api.ReminderProblem as problem:
        if problem.kind == "permission":  # nothing can be cancelled, or known, without it: never "done"
            return ask_permission(turn, CANCEL_TOKEN) if may_ask else _apologise(turn, "cancel_permission")
        listed = []  # unreachable just now: cancel the one we know of
    tokens = list(dict.fromkeys(([saved.reminder_token] if saved.reminder_token else []) + listed))
    if not tokens:  # none rings: say so, and forget an unset request rather than claim to have cancelled it
        if saved.reminder_wanted:
            try:
                preferences.save(turn.input, reminder_wanted=False, reminder_time=None)
            except preferences.PreferencesUnavailable:
                return _apologise(turn, "store")
        return turn.reply(Speech().say(words["nothing_to_cancel"], turn.content["anything_else"]))
    try:
        claimed = reminder_sync.claim(turn.input)
    except reminder_sync.ReminderBusy:
        return _apologise(turn, "other_device")
    except preferences.PreferencesUnavailable:
        return _apologise(turn, "store")
    if claimed.reminder_token and claimed.reminder_token not in tokens:  # changed while we waited
        tokens = [claimed.reminder_token]
    try:
        for token in tokens:
            reminder_api.cancel(turn.input, token)
    except reminder_api.ReminderProblem as problem:
        if problem.kind == "unavailable":
            reminder_sync.leave_claim(turn.input, claimed)  # deleted or not: the next reading turn asks Alexa
        else:
            reminder_sync.release(turn.input, claimed)
        if problem.kind == "permission" and may_ask:
            return ask_permission(turn, CANCEL_TOKEN)
        return _apologise(turn, "cancel_permission" if problem.kind == "permission" else problem.kind)
    if (
        reminder_sync.release(
            turn.input, claimed, reminder_wanted=False, reminder_token=None, reminder_scheduled_time=None
        )
        is None
    ):
        return _apologise(turn, "store")
    return turn.reply(Speech().say(words["cancelled"], turn.content["anything_else"]), title=words["title"])


def _apologise(turn: Turn, kind: str) -> Response:
    words = turn.content["reminders"]["problems"]
    turn.session.offer = None
    return turn.reply(Speech().say(words.get(kind, words["unavailable"]), turn.content["anything_else"]))


def _load(turn: Turn) -> UserRecord | None:
    """The record as Alexa's reminder stands: another device's change waited for, a lapsed one repaired."""
    try:
        return reminder_sync.settled(turn.input, wait=True)
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
        if isinstance(at, reminder_times.VagueTime):
            key = "vague_evening" if at.code in ("NI", "EV") else "vague_day"
            return ask_for_time(turn, words[key])
        if heard and at is None:
            return ask_for_time(turn, words["not_a_time"])
        if at is None:
            saved = _load(turn) or records.UserRecord()
            remembered = reminder_times.parse(saved.reminder_time)
            if isinstance(remembered, reminder_times.ClockTime):
                return propose(turn, remembered)
            return ask_for_time(turn)
        if at.in_small_hours:
            suggestion = reminder_times.parse(reminder_times.SUGGESTED_BEDTIME)
            assert isinstance(suggestion, reminder_times.ClockTime)  # SUGGESTED_BEDTIME is a valid "HH:MM"
            return propose(turn, suggestion, words["small_hours"].format(time=turn.spoken_time(at)))
        if at.evening_twin is not None:
            return ask_which_half(turn, at)
        return propose(turn, at)


class PermissionResponseHandler(RequestTypeHandler):
    """Alexa's answer to our permission request (ACCEPTED, DENIED or NOT_ANSWERED), for setting the
    reminder or, when the request's token says so, for cancelling it."""

    request_type = "Connections.Response"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        request = handler_input.request_envelope.request
        cancelling = getattr(request, "token", None) == CANCEL_TOKEN
        if (getattr(request, "payload", None) or {}).get("status") == "ACCEPTED":
            return cancel(turn, may_ask=False) if cancelling else schedule_saved(turn)
        return permission_refused(turn, cancelling)


def schedule_saved(turn: Turn) -> Response:
    saved = _load(turn)
    if saved is None:
        return _apologise(turn, "store")
    at = reminder_times.parse(saved.reminder_time)
    if not isinstance(at, reminder_times.ClockTime):
        return ask_for_time(turn)
    return schedule(turn, at, saved.time_zone or device_time_zone(turn.input))


def permission_refused(turn: Turn, cancelling: bool) -> Response:
    words = turn.content["reminders"]
    if cancelling:
        return turn.reply(Speech().say(words["cancel_denied"]), title=words["title"], end=True)
    return turn.reply(
        Speech().say(words["permission_denied"]),
        end=True,
        card=AskForPermissionsConsentCard(permissions=[reminder_api.REMINDERS_SCOPE]),
    )


class GetReminderIntentHandler(IntentHandler):
    """'When is my reminder?'"""

    intent_name = "GetReminderIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["reminders"]
        try:  # a question never waits for a change in flight: Alexa's own list says what rings meanwhile
            saved = reminder_sync.settled(turn.input)
        except preferences.PreferencesUnavailable:
            return _apologise(turn, "store")
        if reminder_sync.being_changed(turn.input, saved):
            ringing = _ringing(turn)
            if isinstance(ringing, reminder_times.ClockTime):
                text = reminder_words(turn, ringing)["is_set"].format(time=turn.spoken_time(ringing))
                return turn.reply(Speech().say(text, turn.content["anything_else"]), title=words["title"])
        at = reminder_times.parse(saved.reminder_time)
        if not isinstance(at, reminder_times.ClockTime):
            turn.session.offer = offers.offer_id("reminder")
            return turn.reply(Speech().say(words["none"]), Speech().say(words["none"]), title=words["title"])
        if saved.reminder_is_scheduled:
            text = reminder_words(turn, at)["is_set"].format(time=turn.spoken_time(at))
            return turn.reply(Speech().say(text, turn.content["anything_else"]), title=words["title"])
        lead = words["not_scheduled" if saved.reminder_wanted else "is_off"].format(time=turn.spoken_time(at))
        turn.session.pending_reminder = at.value
        turn.session.offer = offers.offer_id("confirm_reminder")
        return turn.reply(Speech().say(lead), Speech().say(words["confirm_reprompt"]), title=words["title"])


def _ringing(turn: Turn) -> reminder_times.ClockTime | reminder_times.VagueTime | None:
    """The time this skill's reminder rings at, from Alexa's list (None: none listed, or no answer)."""
    try:
        listed = reminder_api.list_reminders(turn.input)
    except reminder_api.ReminderProblem:
        return None
    return next((reminder_times.parse(time) for _, time in listed if time), None)


class CancelReminderIntentHandler(IntentHandler):
    """'Stop my reminders': delete the Alexa reminder, keep the time in case they want it back."""

    intent_name = "CancelReminderIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return cancel(Turn(handler_input))


def _reminder_time(turn: Turn, template: str, _: str) -> str | None:
    at = pending(turn)
    return template.format(time=turn.spoken_time(at)) if at else None


offers.register("reminder", offers.OfferKind(yes=lambda turn, _: ask_for_time(turn)))
offers.register(
    "confirm_reminder",
    offers.OfferKind(
        yes=lambda turn, _: set_confirmed(turn),
        no=lambda turn, _: declined(turn) or replies.goodbye(turn),
        restate=_reminder_time,
    ),
)
offers.register(
    "which_half",
    offers.OfferKind(
        yes=lambda turn, _: set_evening(turn), no=lambda turn, _: set_confirmed(turn), restate=which_half_question
    ),
)
