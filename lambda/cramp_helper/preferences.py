"""Read, write and erase the user's record (`record.UserRecord`) through the SDK's attributes manager.

The store (see `stores.py`) is reached only through `handler_input.attributes_manager`, which reads it
lazily: a turn that never asks for the record never touches it. Every store failure, whatever the
store, surfaces as one exception, `PreferencesUnavailable`, so each turn has one way to apologise.

Writes are conditional on the version the record was read at. Two devices of one user saving at the
same moment: one wins, the other's write is stale (`Conflict`), and `save` re-reads and re-applies
its changes on top of what the winner wrote, a few times at most, never overwriting it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from .record import UserRecord
from .store_keys import StaleWrite

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4  # a lost race is re-read and re-applied; more than this many in one turn is a store problem


class PreferencesUnavailable(Exception):
    """The store could not be read or written; the turn apologises and changes nothing."""


class Conflict(PreferencesUnavailable):
    """Another device wrote the record since this turn read it; re-read before deciding again."""


def load(handler_input: HandlerInput) -> UserRecord:
    """The user's saved record (defaults for a new user), or PreferencesUnavailable."""
    try:
        stored = handler_input.attributes_manager.persistent_attributes
    except Exception as error:  # the adapters raise PersistenceException, boto3 may raise its own
        logger.error("Reading preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
    return UserRecord.from_stored(stored)


def reload(handler_input: HandlerInput) -> UserRecord:
    """The record as stored now, not as this turn first read it."""
    handler_input.attributes_manager._persistent_attributes_set = False  # the SDK caches the first read
    return load(handler_input)


def write(handler_input: HandlerInput, record: UserRecord) -> UserRecord:
    """Store `record` if the stored one is still at `record.version`; returns it at its new version.

    Conflict when another write came first; PreferencesUnavailable for any other failure. Either way
    nothing is written and the in-memory copy is restored."""
    manager = handler_input.attributes_manager
    before = manager.persistent_attributes if manager._persistent_attributes_set else None
    document = record.to_stored()
    manager.persistent_attributes = document
    try:
        manager.save_persistent_attributes()
    except StaleWrite as error:
        _restore(manager, before)
        raise Conflict() from error
    except Exception as error:
        _restore(manager, before)
        logger.error("Saving preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
    return UserRecord.from_stored(document)  # the adapter has set the new version in it


def _restore(manager: Any, before: dict[str, Any] | None) -> None:
    if before is None:
        manager._persistent_attributes_set = False  # read afresh when next asked
    else:
        manager.persistent_attributes = before


def update(handler_input: HandlerInput, change: Callable[[UserRecord], UserRecord | None]) -> UserRecord | None:
    """Write `change(record)`; after a lost race, re-read and apply `change` to the fresh record.

    `change` returning None means it no longer applies to what is stored: nothing is written."""
    record = load(handler_input)
    for _ in range(MAX_ATTEMPTS):
        updated = change(record)
        if updated is None:
            return None
        try:
            return write(handler_input, updated)
        except Conflict:
            logger.info("Preferences changed by another device meanwhile: re-reading")
            record = reload(handler_input)
    logger.error("Saving preferences lost %d races in a row", MAX_ATTEMPTS)
    raise PreferencesUnavailable()


def save(handler_input: HandlerInput, **changes: Any) -> UserRecord:
    """Apply `changes` (field names of UserRecord; None clears one) and write the record.

    On failure nothing is written and the in-memory copy is restored, so the turn can apologise with
    the user's previous record intact."""
    saved = update(handler_input, lambda record: record.changed(**changes))
    assert saved is not None
    return saved


def erase(handler_input: HandlerInput) -> None:
    """Delete the user's whole record."""
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except Exception as error:
        logger.error("Deleting preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
