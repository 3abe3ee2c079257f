"""Where the user's record lives: DynamoDB (PREFERENCES_TABLE set) or an embedded SQLite file.

`PREFERENCES_TABLE` set: DynamoDB (`dynamodb_store.py`), whose boto3 is imported on the first call
that needs it, so content turns never pay for it. Unset: a small embedded SQLite store at
`PREFERENCES_DB` (`sqlite_store.py`), so the console simulator keeps preferences between runs with no
cloud at all. Both write conditionally: the record carries a write counter, `version`, and a write
made from a stale read raises `StaleWrite` instead of overwriting what another device saved.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, cast

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

# the repository's data/ folder (os.path, not pathlib: this module is on every cold start's import path)
DEFAULT_DB_PATH = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))), "data", "preferences.sqlite3"
)


def persistence_adapter_from_environment() -> AbstractPersistenceAdapter:
    """Our template's PREFERENCES_TABLE, or the table an Alexa-hosted skill is given; else SQLite.

    Chosen now, made on the first call that needs it: a content turn loads neither store's code."""
    table = os.environ.get("PREFERENCES_TABLE") or os.environ.get("DYNAMODB_PERSISTENCE_TABLE_NAME")
    if table:
        return AdapterOnFirstUse(lambda: _dynamodb_adapter(table))
    path = os.environ.get("PREFERENCES_DB")
    return AdapterOnFirstUse(lambda: _sqlite_adapter(path or default_db_path()))


def _dynamodb_adapter(table: str) -> AbstractPersistenceAdapter:
    from .dynamodb_store import VersionedDynamoDbAdapter

    return VersionedDynamoDbAdapter(table, region_name=region_from_environment())


def _sqlite_adapter(path: str) -> AbstractPersistenceAdapter:
    from .sqlite_store import SqlitePersistenceAdapter  # only where no table is configured

    return SqlitePersistenceAdapter(path)


class AdapterOnFirstUse(AbstractPersistenceAdapter):
    """A persistence adapter made by `make()` when the SDK first calls it, then used for every call."""

    def __init__(self, make: Callable[[], AbstractPersistenceAdapter]) -> None:
        self._make = make
        self._adapter: AbstractPersistenceAdapter | None = None
        self._lock = threading.Lock()  # the web service answers turns on several threads

    @property
    def adapter(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            with self._lock:
                if self._adapter is None:
                    self._adapter = self._make()
        return self._adapter

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        return cast(dict[str, Any], self.adapter.get_attributes(request_envelope))

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        self.adapter.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        self.adapter.delete_attributes(request_envelope)


def region_from_environment() -> str | None:
    """The table's region: botocore reads AWS_DEFAULT_REGION but never AWS_REGION alone, so pass it on."""
    for name in ("DYNAMODB_PERSISTENCE_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return os.environ[name]
    return None


def default_db_path() -> str:
    """data/ beside the code, except on Lambda (or any read-only package folder), where only /tmp is writable."""
    writable = os.path.dirname(os.path.dirname(DEFAULT_DB_PATH))
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or not os.access(writable, os.W_OK):
        import tempfile  # here only: tempfile loads shutil and random

        return os.path.join(tempfile.gettempdir(), "preferences.sqlite3")
    return DEFAULT_DB_PATH
