"""Per-user preferences (reminder time, time zone, reminder token, disclaimer heard) and where they live.

`PREFERENCES_TABLE` set: DynamoDB through the SDK's own DynamoDbAdapter, created on first use so that
content turns never pay for boto3. Unset: a small embedded SQLite store at `PREFERENCES_DB`, so the
console simulator keeps preferences between runs with no cloud at all. Both are reached only through
`handler_input.attributes_manager`, which reads the store lazily: a turn that never asks for a
preference never touches it.
"""
from __future__ import annotations

import logging
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Optional

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

logger = logging.getLogger(__name__)

DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "data" / "preferences.sqlite3"
# Voice turns must answer within 8 s: fail fast rather than retry for long.
DYNAMODB_CLIENT_CONFIG = {"connect_timeout": 1.5, "read_timeout": 2.5,
                          "retries": {"max_attempts": 2, "mode": "standard"}}


class PreferencesUnavailable(Exception):
    """The store could not be read or written; the turn apologises and changes nothing."""


def persistence_adapter_from_environment() -> AbstractPersistenceAdapter:
    table = os.environ.get("PREFERENCES_TABLE")
    if table:
        return LazyDynamoDbAdapter(table)
    from .sqlite_store import SqlitePersistenceAdapter  # only where no table is configured

    return SqlitePersistenceAdapter(os.environ.get("PREFERENCES_DB") or DEFAULT_DB_PATH)


class LazyDynamoDbAdapter(AbstractPersistenceAdapter):
    """The SDK's DynamoDbAdapter, built on first use.

    Importing `ask_sdk_dynamodb.adapter` builds a boto3 resource (about 0.4 s, and NoRegionError
    without a region), so it waits until a turn actually needs a preference. boto3 honours
    AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB, which is how tests point it at a local server.
    """

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self._adapter: Optional[AbstractPersistenceAdapter] = None

    @property
    def adapter(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            import boto3
            from botocore.config import Config

            resource = boto3.resource("dynamodb", config=Config(**DYNAMODB_CLIENT_CONFIG))
            from ask_sdk_dynamodb.adapter import DynamoDbAdapter

            self._adapter = DynamoDbAdapter(table_name=self.table_name, dynamodb_resource=resource)
        return self._adapter

    def get_attributes(self, request_envelope):
        return self.adapter.get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.adapter.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        self.adapter.delete_attributes(request_envelope)


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


__all__ = ["PersistenceException", "PreferencesUnavailable", "load", "save", "erase",
           "persistence_adapter_from_environment", "LazyDynamoDbAdapter"]
