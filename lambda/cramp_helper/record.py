"""What the skill keeps for one user between sessions: one typed record, one stored document.

This is the only description of the stored record; README and docs point here. The store (DynamoDB or
SQLite, see `stores.py`) holds it as a plain JSON-like document keyed by the Alexa user id. Reading is
tolerant: missing fields take their defaults, and what this version cannot use is kept as it was and
written back unchanged: fields it does not know, values of another type, keys inside entries, diary
entries in another form, a newer schema number. So an older or newer skill never loses another's data.
The diary's own stored form, compact so that a full one costs a few write units, is `diary_entries.py`'s.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from .diary_entries import EMPTY_DIARY, MAX_DIARY_ENTRIES, Diary, DiaryEntry
from .json_values import is_a, is_int

__all__ = ["MAX_DIARY_ENTRIES", "PAUSE_KEPT_SECONDS", "DiaryEntry", "PausedWalk", "UserRecord"]

SCHEMA_VERSION = 1  # bump with a migration in `from_stored` when a field changes meaning
SCHEMA_KEY = "schema"


PAUSE_KEPT_SECONDS = 24 * 60 * 60  # a paused walkthrough can be resumed for a day


@dataclass(frozen=True)
class PausedWalk:
    """A walkthrough the user paused: where, and when (Unix seconds), so it can be resumed within a day."""

    exercise: str
    step: int
    routine: bool
    at: int
    unknown: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # other versions' keys

    KEYS: ClassVar[tuple[str, ...]] = ("exercise", "step", "routine", "at")

    @classmethod
    def from_stored(cls, stored: Any) -> PausedWalk | None:
        if not isinstance(stored, dict):
            return None
        exercise, step, routine, at = (stored.get(key) for key in cls.KEYS)
        if isinstance(exercise, str) and isinstance(routine, bool) and is_int(step) and is_int(at):
            unknown = {key: value for key, value in stored.items() if key not in cls.KEYS}
            return cls(exercise, step, routine, at, unknown=unknown)
        return None

    def to_stored(self) -> dict[str, Any]:
        return {**self.unknown, **{key: getattr(self, key) for key in self.KEYS}}


PURPOSE = "kept_for"  # a field's metadata: why it is kept (the privacy policy's words: reminder, pace, diary…)


def kept_for(purpose: str) -> dict[str, str]:
    """A stored field's metadata: the purpose it is kept for (`KEPT_FOR`)."""
    return {PURPOSE: purpose}


@dataclass(frozen=True)
class UserRecord:
    """One user's saved preferences. Defaults describe a user the skill has never seen."""

    # the first-use health disclaimer has been spoken
    disclaimer_heard: bool = field(default=False, metadata=kept_for("disclaimer"))
    # the nightly stretch reminder the user asked for, "HH:MM" local, and the device's zone then
    reminder_time: str | None = field(default=None, metadata=kept_for("reminder"))
    time_zone: str | None = field(default=None, metadata=kept_for("reminder"))
    # False after "cancel my reminder": the time is kept for "turn it back on"
    reminder_wanted: bool = field(default=False, metadata=kept_for("reminder"))
    # Alexa's id of the reminder the skill created, and the time Alexa accepted ("HH:MM"; None: not scheduled)
    reminder_token: str | None = field(default=None, metadata=kept_for("reminder"))
    reminder_scheduled_time: str | None = field(default=None, metadata=kept_for("reminder"))
    # the turn changing the Alexa reminder right now (reminder_sync.py), and when its claim lapses (Unix seconds)
    reminder_claim: str | None = field(default=None, metadata=kept_for("reminder"))
    reminder_claim_until: int = field(default=0, metadata=kept_for("reminder"))
    # the hold asked for ("longer" / "shorter"; 0: each exercise's own), how fast steps are spoken
    # (speech.STEP_RATES), sounds at each hold's start and end, the walkthrough "pause" left for "resume"
    hold_seconds: int = field(default=0, metadata=kept_for("pace"))
    step_rate: str = field(default="normal", metadata=kept_for("pace"))
    hold_sounds: bool = field(default=True, metadata=kept_for("pace"))
    paused: PausedWalk | None = field(default=None, metadata=kept_for("pace"))
    # asked when the first cramp is logged: keep a diary (True) or not; the diary, oldest first, bounded
    diary_wanted: bool | None = field(default=None, metadata=kept_for("diary"))
    diary: Diary = field(default=EMPTY_DIARY, metadata=kept_for("diary"))
    # how many times the store has written this record (0: never)
    version: int = field(default=0, metadata=kept_for("bookkeeping"))
    unknown: dict[str, Any] = field(default_factory=dict, compare=False)  # fields of other versions, kept

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> UserRecord:
        """The record in a stored document; anything unusable falls back to its default."""
        values: dict[str, Any] = {}
        unknown: dict[str, Any] = {}
        for key, value in (stored or {}).items():
            value = _plain(value)
            kind = _FIELD_KINDS.get(key)
            if kind is None:
                unknown[key] = value
                continue
            parsed, unread = kind.parse(value)
            if parsed is not _UNUSABLE:
                values[key] = parsed
            if unread is not None:
                unknown[key] = unread  # written back as it was, unless this version sets the field
        return cls(**values, unknown=unknown)

    def to_stored(self) -> dict[str, Any]:
        """The document to store: fields that differ from their defaults, plus what others wrote."""
        document = dict(self.unknown)
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            kind = _FIELD_KINDS.get(spec.name)
            if kind is not None and value != spec.default:
                document[spec.name] = kind.dump(value)
        stored_schema = self.unknown.get(SCHEMA_KEY)
        newer = stored_schema if is_int(stored_schema) else 0
        document[SCHEMA_KEY] = max(SCHEMA_VERSION, newer)
        return document

    def changed(self, **changes: Any) -> UserRecord:
        """A copy with `changes` applied (None clears a field back to its default)."""
        # Every field but `unknown` has a plain default (no factory), so these are real values.
        defaults: dict[str, Any] = {
            spec.name: spec.default for spec in dataclasses.fields(self) if spec.name != "unknown"
        }
        unknown_names = set(changes) - set(defaults)
        if unknown_names:
            raise TypeError(f"not fields of the record: {sorted(unknown_names)}")
        replacements: dict[str, Any] = {
            name: defaults[name] if value is None else value for name, value in changes.items()
        }
        # a field this version changes replaces what another version had stored under its name
        unknown = {
            key: value
            for key, value in self.unknown.items()
            if key not in replacements or replacements[key] == getattr(self, key)
        }
        return dataclasses.replace(self, **replacements, unknown=unknown)

    def with_diary_entry(self, entry: DiaryEntry, replace_last: bool = False) -> UserRecord:
        """A copy with `entry` added to the diary (or put in place of the last one), within its bounds."""
        return dataclasses.replace(self, diary=self.diary.with_entry(entry, replace_last))

    @property
    def reminder_is_scheduled(self) -> bool:
        """Alexa holds a reminder at the time the user last asked for."""
        return bool(self.reminder_wanted and self.reminder_token and self.reminder_scheduled_time == self.reminder_time)


# What each stored field is kept for, as the privacy policy and every store description must say
# (tests/test_skill_assets.py checks both against this, so a new field cannot go unmentioned).
def _purposes() -> dict[str, str]:
    stored = [spec for spec in dataclasses.fields(UserRecord) if spec.name != "unknown"]
    unsaid = [spec.name for spec in stored if PURPOSE not in spec.metadata]
    if unsaid:
        raise TypeError(f"say what these record fields are kept for, metadata=kept_for(...): {unsaid}")
    return {spec.name: spec.metadata[PURPOSE] for spec in stored}


KEPT_FOR: dict[str, str] = _purposes()

_UNUSABLE = object()  # what a field kind's `parse` returns for a stored value it cannot use


@dataclass(frozen=True)
class _Kind:
    """How one field is stored: a plain JSON value (str, bool, int), or a typed value (a class with
    `from_stored` / `to_stored`: one entry like `PausedWalk`, or a collection like `Diary`, which keeps what
    it cannot read inside itself)."""

    plain: type | None = None
    typed: Any = None  # a class with from_stored / to_stored

    def parse(self, value: Any) -> tuple[Any, Any]:
        """(the usable value or _UNUSABLE, what could not be read and must be kept: None if nothing)."""
        if self.plain is not None:
            return (value, None) if is_a(value, self.plain) else (_UNUSABLE, value)
        parsed = self.typed.from_stored(value)
        return (_UNUSABLE, value) if parsed is None else (parsed, None)

    def dump(self, value: Any) -> Any:
        return value if self.plain is not None else value.to_stored()


def _field_kind(annotation: Any) -> _Kind:
    """How a field is stored, read from its (evaluated) annotation: `str | None` -> str, `PausedWalk | None`
    -> one entry, `Diary` -> the diary."""
    arguments = [argument for argument in typing.get_args(annotation) if argument is not type(None)]
    if arguments:  # an optional value: the kind of what it holds
        return _field_kind(arguments[0])
    if annotation in (str, bool, int):
        return _Kind(plain=annotation)
    if hasattr(annotation, "from_stored"):
        return _Kind(typed=annotation)
    raise TypeError(f"a record field of a type the store cannot hold: {annotation!r}")


_HINTS = typing.get_type_hints(UserRecord)
_FIELD_KINDS: dict[str, _Kind] = {
    spec.name: _field_kind(_HINTS[spec.name]) for spec in dataclasses.fields(UserRecord) if spec.name != "unknown"
}


def _plain(value: Any) -> Any:
    """DynamoDB hands numbers back as Decimal; the rest of the skill wants int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    return value
