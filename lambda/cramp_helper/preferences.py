"""Read, write and erase the user's record (`record.UserRecord`) through the SDK's attributes manager.

The store (see `stores.py`) is reached only through `handler_input.attributes_manager`, which reads it
lazily: a turn that never asks for the record never touches it. Every store failure, whatever the
store, surfaces as one exception, `PreferencesUnavailable`, so each turn has one way to apologise.
"""

from __future__ import annotations

import logging
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from .record import UserRecord

logger = logging.getLogger(__name__)


class PreferencesUnavailable(Exception):
    """The store could not be read or written; the turn apologises and changes nothing."""


def load(handler_input: HandlerInput) -> UserRecord:
    """The user's saved record (defaults for a new user), or PreferencesUnavailable."""
    try:
        stored = handler_input.attributes_manager.persistent_attributes
    except Exception as error:  # the adapters raise PersistenceException, boto3 may raise its own
        logger.error("Reading preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
    return UserRecord.from_stored(stored)


def save(handler_input: HandlerInput, **changes: Any) -> UserRecord:
    """Apply `changes` (field names of UserRecord; None clears one) and write the whole record once.

    On failure nothing is written and the in-memory copy is restored, so the turn can apologise with
    the user's previous record intact.
    """
    manager = handler_input.attributes_manager
    before = load(handler_input)
    updated = before.changed(**changes)
    manager.persistent_attributes = updated.to_stored()
    try:
        manager.save_persistent_attributes()
    except Exception as error:
        manager.persistent_attributes = before.to_stored()
        logger.error("Saving preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
    return updated


def erase(handler_input: HandlerInput) -> None:
    """Delete the user's whole record."""
    try:
        handler_input.attributes_manager.delete_persistent_attributes()
    except Exception as error:
        logger.error("Deleting preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
