"""One Alexa reminder per user, and the stored time always the time it rings, even with two devices.

Two Echo devices of one user saying "yes, set it" at the same moment would each create a reminder,
or each change it with the stored time ending up from one and the ringing time from the other. So a
turn that changes the Alexa reminder first claims it in the store (a conditional write of the user's
wish plus a claim id, see `preferences.write`); only the claim's holder calls the Reminders API, and
it writes Alexa's answer and drops the claim in its last write. A turn finding someone else's claim
waits for it to be dropped (within its own time budget), then claims in turn, so the changes happen
one after the other and the last one asked for is the one that rings.

A claim outlives its turn only when that turn could not write Alexa's answer (the store failed, or
the Reminders API gave no answer in time, so nobody knows what it did). The next turn that reads the
reminder then repairs the record from the reminders Alexa lists (`settled`): the stored time becomes
the ringing time, and any extra reminder of this skill is deleted.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from . import deadline, preferences, reminder_api
from .record import UserRecord
from .reminder_api import ReminderProblem
from .session import session_attributes

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.1  # how often a turn waiting for another device's claim looks again
RESERVE_SECONDS = 1.0  # what a waiting turn keeps for its own API call and write
LAPSED_CLAIM = "lapsed_claim"  # session note: a claim this session's own earlier turn left behind


class ReminderBusy(Exception):
    """Another device is changing the reminder and did not finish within this turn's time."""


def claim(handler_input: HandlerInput, **wish: Any) -> UserRecord:
    """The record, claimed for this turn with `wish` applied. Waits out another turn's claim; repairs
    first when a lapsed claim left the record unsure. ReminderBusy / PreferencesUnavailable."""
    mine = os.urandom(16).hex()  # a random claim id (uuid4 would load the uuid module on every cold start)
    record = settled(handler_input, wait=True)
    while True:
        if _active(record) and not _lapsed_here(handler_input, record):
            raise ReminderBusy()
        until = int(time.time() + deadline.remaining() + 1)
        try:
            return preferences.write(
                handler_input, record.changed(**wish, reminder_claim=mine, reminder_claim_until=until)
            )
        except preferences.Conflict:
            record = settled(handler_input, wait=True, fresh=True)


def release(handler_input: HandlerInput, claimed: UserRecord, **outcome: Any) -> UserRecord | None:
    """Write Alexa's answer and drop the claim (re-applied after a lost race, as long as the claim is
    still ours). None when it could not be written: the claim stays, and the next turn repairs."""

    def finish(record: UserRecord) -> UserRecord | None:
        if record.reminder_claim != claimed.reminder_claim:
            return None  # lapsed and taken over: the new holder decides
        return record.changed(**outcome, reminder_claim=None, reminder_claim_until=None)

    try:
        released = preferences.update(handler_input, finish)
    except preferences.PreferencesUnavailable:
        released = None
    if released is None:
        leave_claim(handler_input, claimed)
    return released


def leave_claim(handler_input: HandlerInput, claimed: UserRecord) -> None:
    """This turn ends holding its claim: later turns of the session repair without waiting for it."""
    session_attributes(handler_input)[LAPSED_CLAIM] = claimed.reminder_claim


def settled(handler_input: HandlerInput, wait: bool = False, fresh: bool = False) -> UserRecord:
    """The record with no lapsed claim: another turn's live claim waited for (when `wait`), a lapsed
    one repaired from Alexa's reminders. PreferencesUnavailable when the store can't be read."""
    record = preferences.reload(handler_input) if fresh else preferences.load(handler_input)
    while (
        wait
        and _active(record)
        and not _lapsed_here(handler_input, record)
        and deadline.remaining() > RESERVE_SECONDS + POLL_SECONDS
    ):
        time.sleep(POLL_SECONDS)
        record = preferences.reload(handler_input)
    if record.reminder_claim and (not _active(record) or _lapsed_here(handler_input, record)):
        record = repair(handler_input, record)
    return record


def repair(handler_input: HandlerInput, record: UserRecord) -> UserRecord:
    """Make the record say what Alexa holds: the reminder it lists (ours if listed, else the oldest) and
    the time it rings (`reminder_scheduled_time`; the user's wish, `reminder_time`, is kept, so a change
    that did not happen is offered again), and no claim; extra reminders of this skill are deleted. Unchanged when Alexa
    can't be asked (the claim stays, so the record is not trusted yet)."""
    try:
        listed = reminder_api.list_reminders(handler_input)
        tokens = [token for token, _ in listed]
        keep = record.reminder_token if record.reminder_token in tokens else next(iter(tokens), None)
        for token in tokens:
            if token != keep:
                reminder_api.cancel(handler_input, token)
    except ReminderProblem:
        return record
    ringing = dict(listed).get(keep) if keep else None
    fixed: dict[str, Any] = {
        "reminder_token": keep,
        "reminder_scheduled_time": ringing if keep else None,
        "reminder_claim": None,
        "reminder_claim_until": None,
    }
    if keep and ringing and not record.reminder_time:  # the wish was lost with the record: it is what rings
        fixed.update(reminder_time=ringing, reminder_wanted=True)
    logger.warning("Repaired the reminder record from Alexa's reminders (%d listed)", len(tokens))

    def fix(current: UserRecord) -> UserRecord | None:
        return current.changed(**fixed) if current.reminder_claim == record.reminder_claim else None

    try:
        return preferences.update(handler_input, fix) or preferences.reload(handler_input)
    except preferences.PreferencesUnavailable:
        return record


def being_changed(handler_input: HandlerInput, record: UserRecord) -> bool:
    """Another turn holds a live claim: the record may not say yet what Alexa rings (ask Alexa's list)."""
    return _active(record) and not _lapsed_here(handler_input, record)


def _active(record: UserRecord) -> bool:
    return bool(record.reminder_claim) and record.reminder_claim_until > time.time()


def _lapsed_here(handler_input: HandlerInput, record: UserRecord) -> bool:
    return bool(record.reminder_claim) and session_attributes(handler_input).get(LAPSED_CLAIM) == record.reminder_claim
