"""An embedded preferences store for running without AWS: one SQLite row per Alexa user.

It follows the SDK's persistence contract (`AbstractPersistenceAdapter`) and the DynamoDB adapter's
conventions (partition key `id` = the Alexa user id, the attributes as one document), so the skill
cannot tell the two apart.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Dict, Union

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import deadline

LOCK_WAIT_SECONDS = 2.0  # another writer's lock is waited for this long at most, and never past the turn's budget
_SCHEMA = "CREATE TABLE IF NOT EXISTS preferences (id TEXT PRIMARY KEY, attributes TEXT NOT NULL)"


def user_id_of(request_envelope) -> str:
    """The same key the SDK's DynamoDB adapter uses by default."""
    try:
        return request_envelope.context.system.user.user_id
    except AttributeError as error:
        raise PersistenceException("Request envelope has no user id") from error


class SqlitePersistenceAdapter(AbstractPersistenceAdapter):
    """Reads and writes whole attribute documents; each call opens its own connection (thread-safe)."""

    def __init__(self, path: Union[str, Path]) -> None:
        self.path = Path(path)
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=deadline.remaining(LOCK_WAIT_SECONDS))
        if not self._ready:
            with connection:
                connection.execute(_SCHEMA)
            self._ready = True
        return connection

    def get_attributes(self, request_envelope) -> Dict[str, Any]:
        key = user_id_of(request_envelope)
        try:
            with closing(self._connect()) as connection:
                row = connection.execute("SELECT attributes FROM preferences WHERE id = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise PersistenceException(f"Reading preferences failed: {error}") from error
        if row is None:
            return {}
        try:
            attributes = json.loads(row[0])
        except ValueError as error:
            raise PersistenceException("Stored preferences are not valid JSON") from error
        return attributes if isinstance(attributes, dict) else {}

    def save_attributes(self, request_envelope, attributes: Dict[str, Any]) -> None:
        key = user_id_of(request_envelope)
        try:
            document = json.dumps(attributes)
            with closing(self._connect()) as connection, connection:
                connection.execute("INSERT INTO preferences (id, attributes) VALUES (?, ?) "
                                   "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes",
                                   (key, document))
        except (sqlite3.Error, TypeError, ValueError) as error:
            raise PersistenceException(f"Saving preferences failed: {error}") from error

    def delete_attributes(self, request_envelope) -> None:
        key = user_id_of(request_envelope)
        try:
            with closing(self._connect()) as connection, connection:
                connection.execute("DELETE FROM preferences WHERE id = ?", (key,))
        except sqlite3.Error as error:
            raise PersistenceException(f"Deleting preferences failed: {error}") from error
