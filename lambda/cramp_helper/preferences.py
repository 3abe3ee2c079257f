"""Per-user preferences (reminder time, time zone, reminder token, disclaimer heard): read, write, erase.

The store (see `stores.py`) is reached only through `handler_input.attributes_manager`, which reads it
lazily: a turn that never asks for a preference never touches it.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, Dict

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

logger = logging.getLogger(__name__)


class PreferencesUnavailable(Exception):
    """The store could not be read or written; the turn apologises and changes nothing."""


def load(handler_input: HandlerInput) -> Dict[str, Any]:
    """The user's saved preferences (a copy, numbers as int), or PreferencesUnavailable."""
    try:
        stored = handler_input.attributes_manager.persistent_attributes
    except Exception as error:  # the adapters raise PersistenceException, boto3 may raise its own
        logger.error("Reading preferences failed: %s", type(error).__name__)
        raise PreferencesUnavailable() from error
    return {key: _plain(value) for key, value in (stored or {}).items()}


def save(handler_input: HandlerInput, **changes: Any) -> Dict[str, Any]:
    """Apply `changes` on top of what is stored and write the whole record in one call.

    A value of None removes that preference. On failure nothing is written and the in-memory
    copy is restored, so the turn can apologise with the user's previous preferences intact.
    """
    manager = handler_input.attributes_manager
    before = load(handler_input)
    updated = {key: value for key, value in {**before, **changes}.items() if value is not None}
    manager.persistent_attributes = updated
    try:
        manager.save_persistent_attributes()
    except Exception as error:
        manager.persistent_attributes = before
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


def _plain(value: Any) -> Any:
    """DynamoDB hands numbers back as Decimal; the rest of the skill wants int/float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return value


__all__ = ["PersistenceException", "PreferencesUnavailable", "load", "save", "erase"]
