"""An embedded preferences store for running without AWS: one SQLite row per Alexa user.

It follows the SDK's persistence contract (`AbstractPersistenceAdapter`) and the DynamoDB adapter's
conventions (partition key `id` = the Alexa user id, the record as one document with its write
counter `version`), so the skill cannot tell the two apart. A save checks the version and writes in
one `BEGIN IMMEDIATE` transaction, so two devices saving at once never silently lose a write.

The file is a local file, so it can go wrong locally: deleted while running, it is made again on the
next call. Damaged (truncated, its header overwritten), the first call to find it moves it aside, kept
for recovery, and starts a new file with every user's row that can still be read, from the pages when
SQLite cannot open it (`sqlite_salvage`); that turn apologises, and the next one is served. Deleted rows
are overwritten (`secure_delete`), so a salvage never brings back a record someone asked to delete.
"""

from __future__ import annotations

import fcntl
import json
import logging
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import deadline, sqlite_salvage
from .json_values import is_int
from .store_keys import VERSION_KEY as VERSION
from .store_keys import StaleWrite, user_id_of

__all__ = ["SqlitePersistenceAdapter", "user_id_of"]
logger = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 2.0  # another writer's lock is waited for this long at most, and never past the turn's budget
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
        connection.execute("PRAGMA secure_delete = ON")
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
                    connection.execute(
                        "INSERT INTO preferences (id, attributes) VALUES (?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes",
                        (key, document),
                    )
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
        """Unconditional, and it works on a damaged file too (see `_replace_damaged`)."""
        key = user_id_of(request_envelope)
        try:
            self._delete(key)
        except sqlite3.Error as error:
            if not _corrupted(error):
                raise self._failure("Deleting", error) from error
            self._replace_damaged(dropping=key)

    def _delete(self, key: str) -> None:
        with closing(self._connect()) as connection:
            connection.execute("DELETE FROM preferences WHERE id = ?", (key,))

    def _failure(self, doing: str, error: Exception) -> PersistenceException:
        """The turn's failure; a damaged file is replaced first, so only this turn apologises."""
        if isinstance(error, sqlite3.Error) and _corrupted(error):
            try:
                self._replace_damaged(dropping=None)
            except (OSError, sqlite3.Error):
                logger.exception("Preferences file %s is damaged and could not be replaced", self.path)
            return PersistenceException(f"{doing} preferences found the file damaged")
        return PersistenceException(f"{doing} preferences failed: {error}")

    def _replace_damaged(self, dropping: str | None) -> None:
        """Move the damaged file aside (kept for recovery) and start a new one with every row that can
        still be read, but `dropping`'s. One process does it; the others find the new file."""
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self._readable():  # another turn replaced it meanwhile
                if dropping is not None:
                    self._delete(dropping)
                return
            aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
            self.path.replace(aside)
            self._ready_for = None
            kept = [(key, document) for key, document in _salvage(aside).items() if key != dropping]
            with closing(self._connect()) as connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany("INSERT OR REPLACE INTO preferences (id, attributes) VALUES (?, ?)", kept)
                connection.execute("COMMIT")
        logger.error(
            "Preferences file %s was damaged: moved to %s; the new file holds the %d record(s) that "
            "could still be read",
            self.path,
            aside,
            len(kept),
        )

    def _readable(self) -> bool:
        try:
            with closing(sqlite3.connect(self.path)) as connection:
                return bool(connection.execute("PRAGMA quick_check").fetchone() == ("ok",))
        except sqlite3.Error:
            return False


def _salvage(path: Path) -> dict[str, str]:
    """Every user's newest readable document: through SQLite while it can read the file, then from the
    pages themselves (a copy on a page SQLite stopped before, or one it cannot open at all)."""
    found: dict[str, str] = {}

    def keep(key: object, document: object) -> None:
        parsed = _document(document)
        if (
            isinstance(key, str)
            and isinstance(document, str)
            and parsed is not None
            and (key not in found or _version(parsed) > _version(_document(found[key]) or {}))
        ):
            found[key] = document

    try:
        with closing(sqlite3.connect(path)) as connection:
            for key, document in connection.execute("SELECT id, attributes FROM preferences"):
                keep(key, document)
    except sqlite3.Error:
        pass  # what was read before the damage is kept, and the pages are read next
    for key, document in sqlite_salvage.rows(path.read_bytes(), columns=2):
        keep(key, document)
    return found


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
    return value if is_int(value) and value >= 0 else 0
