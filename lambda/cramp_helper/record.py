"""What the skill keeps for one user between sessions: one typed record, one stored document.

This is the only description of the stored record; README and docs point here. The store (DynamoDB or
SQLite, see `stores.py`) holds it as a plain JSON-like document keyed by the Alexa user id. Reading is
tolerant: missing fields take their defaults, fields of the wrong type are dropped, and fields this
version does not know are kept as they were, so an older or newer skill never loses another's data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA_VERSION = 1  # bump with a migration in `from_stored` when a field changes meaning
SCHEMA_KEY = "schema"
VERSION_KEY = "version"  # the store's write counter (optimistic concurrency), not the schema


@dataclass(frozen=True)
class UserRecord:
    """One user's saved preferences. Defaults describe a user the skill has never seen."""

    disclaimer_heard: bool = False  # the first-use health disclaimer has been spoken
    reminder_time: str | None = None  # the nightly stretch reminder the user asked for, "HH:MM" local
    time_zone: str | None = None  # the device's IANA zone when the reminder was asked for
    reminder_wanted: bool = False  # False after "cancel my reminder": the time is kept for "turn it back on"
    reminder_token: str | None = None  # Alexa's id of the reminder the skill created
    reminder_scheduled_time: str | None = None  # the time Alexa accepted ("HH:MM"); None: not scheduled
    reminder_claim: str | None = None  # the turn changing the Alexa reminder right now (reminder_sync.py)
    reminder_claim_until: int = 0  # when that claim lapses (Unix seconds): its turn has answered by then
    version: int = 0  # how many times the store has written this record (0: never)
    unknown: dict[str, Any] = field(default_factory=dict, compare=False)  # fields of other versions, kept

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> UserRecord:
        """The record in a stored document; anything unusable falls back to its default."""
        values: dict[str, Any] = {}
        unknown: dict[str, Any] = {}
        for key, value in (stored or {}).items():
            value = _plain(value)
            kind = _FIELD_TYPES.get(key)
            if kind is None:
                if key != SCHEMA_KEY:
                    unknown[key] = value
            elif _is_a(value, kind):
                values[key] = value
        return cls(**values, unknown=unknown)

    def to_stored(self) -> dict[str, Any]:
        """The document to store: fields that differ from their defaults, plus what others wrote."""
        document = dict(self.unknown)
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if spec.name != "unknown" and value != spec.default:
                document[spec.name] = value
        document[SCHEMA_KEY] = SCHEMA_VERSION
        return document

    def changed(self, **changes: Any) -> UserRecord:
        """A copy with `changes` applied (None clears a field back to its default)."""
        # Every field but `unknown` has a plain default (no factory), so these are real values.
        defaults: dict[str, Any] = {spec.name: spec.default for spec in dataclasses.fields(self)
                                    if spec.name != "unknown"}
        unknown_names = set(changes) - set(defaults)
        if unknown_names:
            raise TypeError(f"not fields of the record: {sorted(unknown_names)}")
        replacements: dict[str, Any] = {name: defaults[name] if value is None else value
                                        for name, value in changes.items()}
        return dataclasses.replace(self, **replacements)

    @property
    def reminder_is_scheduled(self) -> bool:
        """Alexa holds a reminder at the time the user last asked for."""
        return bool(self.reminder_wanted and self.reminder_token
                    and self.reminder_scheduled_time == self.reminder_time)


def _field_kind(annotation: Any) -> type:
    """The plain type a stored field must have, read from its annotation ("str | None" -> str)."""
    text = str(annotation)
    return str if text.startswith("str") else bool if text == "bool" else int


_FIELD_TYPES: dict[str, type] = {spec.name: _field_kind(spec.type) for spec in dataclasses.fields(UserRecord)
                                 if spec.name != "unknown"}


def _is_a(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _plain(value: Any) -> Any:
    """DynamoDB hands numbers back as Decimal; the rest of the skill wants int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return value
