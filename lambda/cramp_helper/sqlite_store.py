"""An embedded preferences store for running without AWS: one SQLite row per Alexa user.

It follows the SDK's persistence contract (`AbstractPersistenceAdapter`) and the DynamoDB adapter's
conventions (partition key `id` = the Alexa user id, the record as one document with its write
counter `version`), so the skill cannot tell the two apart. A save checks the version and writes in
one `BEGIN IMMEDIATE` transaction, so two devices saving at once never silently lose a write.

The file is a local file, so it can go wrong locally: deleted while running, it is made again on the
next call; unreadable (corrupted), every call says so in the log, and deleting a user's record moves
the broken file aside and keeps the other users' rows that can still be read.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import deadline
from .stores import StaleWrite, user_id_of

__all__ = ["SqlitePersistenceAdapter", "user_id_of"]
logger = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 2.0  # another writer's lock is waited for this long at most, and never past the turn's budget
VERSION = "version"
_SCHEMA = "CREATE TABLE IF NOT EXISTS preferences (id TEXT PRIMARY KEY, attributes TEXT NOT NULL)"
_CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class SqlitePersistenceAdapter(AbstractPersistenceAdapter):
    """Reads and writes whole attribute documents; each call opens its own connection (thread-safe)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._ready_for: tuple[int, int] | None = None  # the file (device, inode) the table was made in

    def _identity(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def _connect(self) -> sqlite3.Connection:
        identity = self._identity()
        if identity is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=deadline.remaining(LOCK_WAIT_SECONDS), isolation_level=None)
        if identity is None or identity != self._ready_for:  # new, or deleted and made again while running
            connection.execute(_SCHEMA)
            self._ready_for = self._identity()
        return connection

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = user_id_of(request_envelope)
        try:
            with closing(self._connect()) as connection:
                row = connection.execute("SELECT attributes FROM preferences WHERE id = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise self._failure("Reading", error) from error
        if row is None:
            return {VERSION: 0}
        attributes = _document(row[0])
        if attributes is None:
            logger.error("Preferences row in %s is not a JSON object; 'delete my data' removes it", self.path)
            raise PersistenceException("Stored preferences are not valid JSON")
        attributes[VERSION] = _version(attributes)
        return attributes

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        """Write version+1 only if the stored version is still the one read (StaleWrite otherwise); on
        success the caller's dict carries the new version."""
        key = user_id_of(request_envelope)
        expected = _version(attributes)
        try:
            document = json.dumps({**attributes, VERSION: expected + 1})
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    row = connection.execute("SELECT attributes FROM preferences WHERE id = ?", (key,)).fetchone()
                    if row and _document(row[0]) is None:
                        raise PersistenceException("the stored row is unreadable; only deleting it works")
                    stored = _version(_document(row[0]) or {}) if row else 0
                    if stored != expected:
                        raise StaleWrite(f"the record is at version {stored}, not {expected}")
                    connection.execute("INSERT INTO preferences (id, attributes) VALUES (?, ?) "
                                       "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes",
                                       (key, document))
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
        except StaleWrite:
            raise
        except (sqlite3.Error, TypeError, ValueError) as error:
            raise self._failure("Saving", error) from error
        attributes[VERSION] = expected + 1

    def delete_attributes(self, request_envelope: Any) -> None:
        """Unconditional, and it works on a corrupted file too (see `_replace_corrupted`)."""
        key = user_id_of(request_envelope)
        try:
            with closing(self._connect()) as connection:
                connection.execute("DELETE FROM preferences WHERE id = ?", (key,))
        except sqlite3.Error as error:
            if not _corrupted(error):
                raise self._failure("Deleting", error) from error
            self._replace_corrupted(dropping=key)

    def _failure(self, doing: str, error: Exception) -> PersistenceException:
        if isinstance(error, sqlite3.Error) and _corrupted(error):
            logger.error("Preferences file %s is corrupted (%s): preference turns apologise until it is "
                         "repaired or replaced; 'delete my data' moves it aside", self.path, error)
        return PersistenceException(f"{doing} preferences failed: {error}")

    def _replace_corrupted(self, dropping: str) -> None:
        """Move the unreadable file aside (kept for recovery) and start a new one with every other
        user's row that can still be read."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        self.path.replace(aside)
        self._ready_for = None
        kept = _salvage(aside, dropping)
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT OR REPLACE INTO preferences (id, attributes) VALUES (?, ?)", kept)
            connection.execute("COMMIT")
        logger.error("Corrupted preferences file moved to %s; a new one holds the %d other record(s) "
                     "that could still be read", aside, len(kept))


def _salvage(path: Path, dropping: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    try:
        with closing(sqlite3.connect(path)) as connection:
            for key, document in connection.execute("SELECT id, attributes FROM preferences"):
                if key != dropping and isinstance(key, str) and _document(document) is not None:
                    rows.append((key, document))
    except sqlite3.Error:
        pass  # what was read before the damage is kept
    return rows


def _corrupted(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    return name in _CORRUPT or (type(error) is sqlite3.DatabaseError and not name)


def _document(text: Any) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _version(document: dict[str, Any]) -> int:
    value = document.get(VERSION, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
