"""The cramp diary as the record holds it: typed entries, kept in a compact stored form read on demand.

Cost must not grow with the user's history. A full diary (500 entries) stored as one object per entry is
about 38 KB, so every DynamoDB write of the record costs some 38 write units and every read parses 500
entries. Stored compactly each entry is one short token, its minute, leg, muscle and length, all in one
string (about 4 KB at the cap, a few write units), and `Diary` decodes only the entries a turn looks at:
a launch none, a weekly summary the last four weeks'.

A token is `MMMMMC[.S]`: the local minute since 2000-01-01 00:00 in five base-36 digits (fixed width, so
tokens sort as text until 2115), one base-36 digit for the leg and muscle (`code`), and the seconds it
lasted in base 36 after a dot. Entries that do not fit (keys another version added, a muscle this table
lacks, a year outside the range) are stored as objects beside the string, and stored items this version
cannot read are kept and written back as they were.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, overload

from .json_values import is_int

LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"
# The diary stays far below DynamoDB's 400 KB item limit and costs a few write units even when full: a
# rolling year, and never more than this many entries.
DIARY_DAYS = 366
MAX_DIARY_ENTRIES = 500

EPOCH = datetime(2000, 1, 1)
MINUTE_DIGITS = 5
LAST_MINUTE = 36**MINUTE_DIGITS - 1
# Append only: a stored token's code means a place in these tables forever.
LEG_CODES: tuple[str | None, ...] = (None, "left", "right", "both")
MUSCLE_CODES: tuple[str | None, ...] = (None, "calf", "foot", "toes", "thigh", "hamstring", "shin")
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Tokens separated by single spaces: a minute, a code below len(LEG_CODES) * len(MUSCLE_CODES) (28: "0"-"r"),
# and seconds with no leading zero. One match checks a whole diary.
_TOKENS = re.compile(r"[0-9a-z]{5}[0-9a-r](?:\.[1-9a-z][0-9a-z]*)?(?: [0-9a-z]{5}[0-9a-r](?:\.[1-9a-z][0-9a-z]*)?)*")


@dataclass(frozen=True)
class DiaryEntry:
    """One cramp: when (the device's local date and time, "YYYY-MM-DDTHH:MM"), and what the user said."""

    at: str
    leg: str | None = None  # "left", "right", "both"
    muscle: str | None = None  # the MuscleType id: calf, foot, toes, thigh, hamstring, shin
    seconds: int | None = None  # how long it lasted
    unknown: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # other versions' keys

    KEYS: ClassVar[tuple[str, ...]] = ("at", "leg", "muscle", "seconds")

    @classmethod
    def from_stored(cls, stored: Any) -> DiaryEntry | None:
        """The entry in a stored object; None when it has no usable time."""
        if not isinstance(stored, dict) or not is_local_time(stored.get("at")):
            return None
        leg, muscle, seconds = stored.get("leg"), stored.get("muscle"), stored.get("seconds")
        leg = leg if isinstance(leg, str) else None
        muscle = muscle if isinstance(muscle, str) else None
        seconds = seconds if is_int(seconds) and seconds > 0 else None
        usable = {"at": stored["at"], "leg": leg, "muscle": muscle, "seconds": seconds}
        unknown = {key: value for key, value in stored.items() if usable.get(key) is None}
        return cls(stored["at"], leg, muscle, seconds, unknown=unknown)

    def to_stored(self) -> dict[str, Any]:
        return {**self.unknown, **{key: getattr(self, key) for key in self.KEYS if getattr(self, key) is not None}}


class Diary(Sequence[DiaryEntry]):
    """The diary, oldest first: a sequence of entries, each decoded from its token when first read."""

    __slots__ = ("_items", "_stored", "_unread")

    def __init__(self, items: Sequence[str | DiaryEntry] = (), unread: Sequence[Any] = ()) -> None:
        self._items: list[str | DiaryEntry] = list(items)  # a token until read, then its entry
        self._unread = list(unread)  # stored items this version cannot read, written back as they were
        self._stored: list[Any] | None = None  # the stored form as read, while nothing has changed

    @classmethod
    def from_stored(cls, stored: Any) -> Diary | None:
        """The diary in its stored list: compact strings, entry objects (an older form, or entries that do
        not fit a token) and anything else, kept unread. None when it is not a list at all."""
        if not isinstance(stored, list):
            return None
        tokens: list[str] = []
        objects: list[str | DiaryEntry] = []
        unread: list[Any] = []
        for item in stored:
            if isinstance(item, str) and _TOKENS.fullmatch(item):
                tokens += item.split()
            elif (entry := DiaryEntry.from_stored(item)) is not None:
                objects.append(entry)
            else:
                unread.append(item)
        diary = cls([*tokens, *objects], unread)
        if objects or not _in_order(tokens):  # tokens are written in order; objects fall where they belong
            diary._items = [*sorted(diary, key=_at)]
        diary._stored = stored
        return diary

    def to_stored(self) -> list[Any]:
        """The compact string of every entry that fits a token, then the entries that do not, then what was
        read but not understood."""
        if self._stored is not None:
            return self._stored
        tokens, objects = [], []
        for item in self._items:
            token = item if isinstance(item, str) else encode(item)
            if token is not None:
                tokens.append(token)
            elif isinstance(item, DiaryEntry):
                objects.append(item.to_stored())
        return [*([" ".join(tokens)] if tokens else []), *objects, *self._unread]

    def with_entry(self, entry: DiaryEntry, replace_last: bool = False) -> Diary:
        """A copy with `entry` added (or put in place of the last one), in time order (a cramp logged the
        morning after comes before today's), kept to its bounds: the last DIARY_DAYS days before the
        entry, and at most MAX_DIARY_ENTRIES entries."""
        kept = Diary(self._items[:-1] if replace_last and self._items else self._items)
        oldest = (datetime.fromisoformat(entry.at) - timedelta(days=DIARY_DAYS)).strftime(LOCAL_TIME_FORMAT)
        start = bisect.bisect_left(kept, oldest, key=_at)
        place = bisect.bisect_right(kept, entry.at, key=_at)
        items = [*kept._items[start:place], entry, *kept._items[place:]]
        return Diary(items[-MAX_DIARY_ENTRIES:], self._unread)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> DiaryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[DiaryEntry]: ...

    def __getitem__(self, index: int | slice) -> DiaryEntry | list[DiaryEntry]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self._items)))]
        item = self._items[index]
        if isinstance(item, str):
            item = self._items[index] = decode(item)
        return item

    def __iter__(self) -> Iterator[DiaryEntry]:
        return (self[position] for position in range(len(self._items)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Diary, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Diary({len(self)} entries)"


EMPTY_DIARY = Diary()


def encode(entry: DiaryEntry) -> str | None:
    """The entry's token, or None when it does not fit one (see the module docstring)."""
    if entry.unknown or entry.leg not in LEG_CODES or entry.muscle not in MUSCLE_CODES:
        return None
    if entry.seconds is not None and entry.seconds <= 0:
        return None
    minute = (datetime.fromisoformat(entry.at) - EPOCH) // timedelta(minutes=1)
    if not 0 <= minute <= LAST_MINUTE:
        return None
    code = LEG_CODES.index(entry.leg) * len(MUSCLE_CODES) + MUSCLE_CODES.index(entry.muscle)
    token = _base36(minute).rjust(MINUTE_DIGITS, "0") + DIGITS[code]
    return f"{token}.{_base36(entry.seconds)}" if entry.seconds else token


def decode(token: str) -> DiaryEntry:
    """The entry a token (checked by `_TOKENS` when read) stands for."""
    day, minute = divmod(int(token[:MINUTE_DIGITS], 36), 24 * 60)
    hour, minute = divmod(minute, 60)
    leg, muscle = divmod(int(token[MINUTE_DIGITS], 36), len(MUSCLE_CODES))
    seconds = int(token[MINUTE_DIGITS + 2 :], 36) if len(token) > MINUTE_DIGITS + 2 else None
    return DiaryEntry(f"{_date(day)}T{hour:02d}:{minute:02d}", LEG_CODES[leg], MUSCLE_CODES[muscle], seconds)


@functools.lru_cache(maxsize=DIARY_DAYS)
def _date(day: int) -> str:
    """'YYYY-MM-DD' of the day `day` days after EPOCH (a diary's entries share a year of them)."""
    return (EPOCH + timedelta(days=day)).date().isoformat()


def is_local_time(value: Any) -> bool:
    """'YYYY-MM-DDTHH:MM', the form diary times are kept in (sortable as text)."""
    if not isinstance(value, str) or len(value) != 16 or value[10] != "T" or not value[:4].isdigit():
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _in_order(tokens: list[str]) -> bool:
    """Written in time order: the fixed-width minute leads each token, so text order is time order."""
    return tokens == sorted(tokens)


def _at(entry: DiaryEntry) -> str:
    return entry.at


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = DIGITS[digit] + digits
        if not number:
            return digits
