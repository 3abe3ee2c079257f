"""What the skill keeps for one user between sessions: one typed record, one stored document.

This is the only description of the stored record; README and docs point here. The store (DynamoDB or
SQLite, see `stores.py`) holds it as a plain JSON-like document keyed by the Alexa user id. Reading is
tolerant: missing fields take their defaults, and what this version cannot use is kept as it was and
written back unchanged: fields it does not know, values of another type, keys inside entries, diary
entries in another form, a newer schema number. So an older or newer skill never loses another's data.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar

LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"
SCHEMA_VERSION = 1  # bump with a migration in `from_stored` when a field changes meaning
SCHEMA_KEY = "schema"
VERSION_KEY = "version"  # the store's write counter (optimistic concurrency), not the schema


# The diary stays far below DynamoDB's 400 KB item limit: a rolling year, and never more than this many
# entries (an entry is under 100 bytes stored, so the cap is about 50 KB even at many cramps a night).
DIARY_DAYS = 366
MAX_DIARY_ENTRIES = 500
PAUSE_KEPT_SECONDS = 24 * 60 * 60  # a paused walkthrough can be resumed for a day


@dataclass(frozen=True)
class DiaryEntry:
    """One cramp: when (the device's local date and time, "YYYY-MM-DDTHH:MM"), and what the user said."""

    at: str
    leg: str | None = None  # "left", "right", "both"
    muscle: str | None = None  # the MuscleType id: calf, foot, toes, thigh, hamstring
    seconds: int | None = None  # how long it lasted
    unknown: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # other versions' keys

    KEYS: ClassVar[tuple[str, ...]] = ("at", "leg", "muscle", "seconds")

    @classmethod
    def from_stored(cls, stored: Any) -> DiaryEntry | None:
        """The entry in a stored dict; None when it has no usable time."""
        if not isinstance(stored, dict) or not _is_local_time(stored.get("at")):
            return None
        leg, muscle, seconds = stored.get("leg"), stored.get("muscle"), stored.get("seconds")
        leg = leg if isinstance(leg, str) else None
        muscle = muscle if isinstance(muscle, str) else None
        seconds = seconds if isinstance(seconds, int) and not isinstance(seconds, bool) and seconds > 0 else None
        usable = {"at": stored["at"], "leg": leg, "muscle": muscle, "seconds": seconds}
        unknown = {key: value for key, value in stored.items() if usable.get(key) is None}
        return cls(stored["at"], leg, muscle, seconds, unknown=unknown)

    def to_stored(self) -> dict[str, Any]:
        return {**self.unknown, **{key: getattr(self, key) for key in self.KEYS if getattr(self, key) is not None}}


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
        if (
            isinstance(exercise, str)
            and isinstance(routine, bool)
            and isinstance(step, int)
            and isinstance(at, int)
            and not isinstance(step, bool)
            and not isinstance(at, bool)
        ):
            unknown = {key: value for key, value in stored.items() if key not in cls.KEYS}
            return cls(exercise, step, routine, at, unknown=unknown)
        return None

    def to_stored(self) -> dict[str, Any]:
        return {**self.unknown, **{key: getattr(self, key) for key in self.KEYS}}


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
    hold_seconds: int = 0  # the hold the user asked for ("longer" / "shorter"); 0: each exercise's own
    step_rate: str = "normal"  # how fast steps are spoken ("slower" / "faster"): speech.STEP_RATES
    hold_sounds: bool = True  # a soft sound starts and ends each hold; False after "quiet holds"
    paused: PausedWalk | None = None  # the walkthrough "pause" left, for "resume"
    diary_wanted: bool | None = None  # asked when the first cramp is logged: keep a diary (True) or not
    diary: tuple[DiaryEntry, ...] = ()  # the cramp diary, oldest first, bounded (with_diary_entry)
    version: int = 0  # how many times the store has written this record (0: never)
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
        if "diary" in values:  # oldest first, as every reader of the diary relies on (diary.within)
            values["diary"] = tuple(sorted(values["diary"], key=lambda entry: entry.at))
        return cls(**values, unknown=unknown)

    def to_stored(self) -> dict[str, Any]:
        """The document to store: fields that differ from their defaults, plus what others wrote."""
        document = dict(self.unknown)
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            kind = _FIELD_KINDS.get(spec.name)
            if kind is not None and value != spec.default:
                document[spec.name] = kind.dump(value, self.unknown.get(spec.name))
        stored_schema = self.unknown.get(SCHEMA_KEY)
        newer = stored_schema if isinstance(stored_schema, int) and not isinstance(stored_schema, bool) else 0
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
        """A copy with `entry` added (or put in place of the last one), in time order (a cramp logged the
        morning after comes before today's), kept to its bounds: the last DIARY_DAYS days before the
        entry, and at most MAX_DIARY_ENTRIES entries."""
        kept = list(self.diary[:-1] if replace_last and self.diary else self.diary)
        oldest = _days_before(entry.at, DIARY_DAYS)
        kept = sorted([old for old in kept if old.at >= oldest] + [entry], key=lambda kept_entry: kept_entry.at)
        return dataclasses.replace(self, diary=tuple(kept[-MAX_DIARY_ENTRIES:]))

    @property
    def reminder_is_scheduled(self) -> bool:
        """Alexa holds a reminder at the time the user last asked for."""
        return bool(self.reminder_wanted and self.reminder_token and self.reminder_scheduled_time == self.reminder_time)


# What each stored field is kept for, as the privacy policy and every store description must say
# (tests/test_skill_assets.py checks both against this table, so a new field cannot go unmentioned).
KEPT_FOR: dict[str, str] = {
    "disclaimer_heard": "disclaimer",
    "reminder_time": "reminder",
    "time_zone": "reminder",
    "reminder_wanted": "reminder",
    "reminder_token": "reminder",
    "reminder_scheduled_time": "reminder",
    "reminder_claim": "reminder",
    "reminder_claim_until": "reminder",
    "hold_seconds": "pace",
    "step_rate": "pace",
    "hold_sounds": "pace",
    "paused": "pace",
    "diary_wanted": "diary",
    "diary": "diary",
    "version": "bookkeeping",
}

_UNUSABLE = object()  # what a field kind's `parse` returns for a stored value it cannot use


@dataclass(frozen=True)
class _Kind:
    """How one field is stored: a plain JSON value (str, bool, int), a typed entry (a dict), or a list of
    typed entries, in which unusable entries are dropped one by one rather than losing the whole list."""

    plain: type | None = None
    entry: Any = None  # a class with from_stored / to_stored
    many: bool = False

    def parse(self, value: Any) -> tuple[Any, Any]:
        """(the usable value or _UNUSABLE, what could not be read and must be kept: None if nothing)."""
        if self.plain is not None:
            return (value, None) if _is_a(value, self.plain) else (_UNUSABLE, value)
        if self.many:
            if not isinstance(value, list):
                return _UNUSABLE, value
            parsed = [(self.entry.from_stored(entry), entry) for entry in value]
            unread = [stored for entry, stored in parsed if entry is None]
            return tuple(entry for entry, _ in parsed if entry is not None), unread or None
        parsed = self.entry.from_stored(value)
        return (_UNUSABLE, value) if parsed is None else (parsed, None)

    def dump(self, value: Any, unread: Any = None) -> Any:
        """The stored form of `value`, with a list's unreadable entries (`unread`) kept beside it."""
        if self.plain is not None:
            return value
        if not self.many:
            return value.to_stored()
        return [entry.to_stored() for entry in value] + (unread if isinstance(unread, list) else [])


def _field_kind(annotation: Any) -> _Kind:
    """How a field is stored, read from its (evaluated) annotation: `str | None` -> str,
    `tuple[DiaryEntry, ...]` -> a list of entries, `PausedWalk | None` -> one entry."""
    arguments = [argument for argument in typing.get_args(annotation) if argument is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is tuple:
        return _Kind(entry=arguments[0], many=True)
    if arguments:  # an optional value: the kind of what it holds
        return _field_kind(arguments[0])
    if annotation in (str, bool, int):
        return _Kind(plain=annotation)
    if hasattr(annotation, "from_stored"):
        return _Kind(entry=annotation)
    raise TypeError(f"a record field of a type the store cannot hold: {annotation!r}")


_HINTS = typing.get_type_hints(UserRecord)
_FIELD_KINDS: dict[str, _Kind] = {
    spec.name: _field_kind(_HINTS[spec.name]) for spec in dataclasses.fields(UserRecord) if spec.name != "unknown"
}


def _is_local_time(value: Any) -> bool:
    """'YYYY-MM-DDTHH:MM', the form diary times are kept in (sortable as text)."""
    if not isinstance(value, str) or len(value) != 16 or value[10] != "T" or not value[:4].isdigit():
        return False
    try:
        datetime.fromisoformat(value)  # about twenty times cheaper than strptime, read for every entry
    except ValueError:
        return False
    return True


def _days_before(at: str, days: int) -> str:
    return (datetime.fromisoformat(at) - timedelta(days=days)).strftime(LOCAL_TIME_FORMAT)


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
