"""The cramp diary: what a logged cramp holds, which night it belongs to, and what a summary says.

Clinical guidance suggests a cramp diary (when, how long, where) to show a doctor. Entries are kept in
the user's record (`record.DiaryEntry`, bounded there); this module only reads them. The thresholds for
a gentle "worth mentioning to your doctor" come from the medical facts: cramps on three or more nights a
week (NICE CKS counts "three or more a week" as the troublesome group), cramps getting more frequent than
the weeks before, or a cramp that lasted ten minutes or more (the urgent sign, also said when it is logged).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import reminder_times
from .diary_entries import LOCAL_TIME_FORMAT, DiaryEntry

LONG_CRAMP_SECONDS = 10 * 60  # "a cramp lasting more than about ten minutes": urgent help
FREQUENT_NIGHTS_A_WEEK = 3
RISING_MIN_NIGHTS = 3  # nights in the last two weeks before "more often than before" is said
# "it lasted five minutes" soon after a log completes that entry; later, a cramp with details is a new one
AMEND_WITHIN = timedelta(minutes=15)
NIGHT_TURNS_AT_HOUR = 12  # a cramp before noon belongs to the night before
NIGHT_STARTS = timedelta(hours=NIGHT_TURNS_AT_HOUR)
PERIOD_DAYS: dict[str, tuple[int, int]] = {  # PeriodType id -> (days ago it starts, days ago it ends)
    "this_week": (7, 0),
    "last_week": (14, 7),
    "this_month": (30, 0),
    "all": (366, 0),
}
DEFAULT_PERIOD = "this_week"
CARD_DAYS = 28  # the card shows the last four weeks (or the period asked for, if longer)
MAX_CARD_ENTRIES = 60
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")


def duration_seconds(value: str | None) -> int | None:
    """Seconds in an AMAZON.DURATION value ('PT5M', 'PT1H30M', 'PT90S'); None when it is not one."""
    match = _DURATION.fullmatch(value or "")
    if not value or match is None or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    total = int(((days * 24 + hours) * 60 + minutes) * 60 + seconds)
    return total if total > 0 else None


def is_long(seconds: int | None) -> bool:
    return seconds is not None and seconds >= LONG_CRAMP_SECONDS


def moment(entry: DiaryEntry) -> datetime:
    return datetime.fromisoformat(entry.at)  # "YYYY-MM-DDTHH:MM", checked when read (record.py)


def stamp(at: datetime) -> str:
    return at.strftime(LOCAL_TIME_FORMAT)


def night_of(at: datetime) -> datetime:
    """The night a cramp belongs to (its evening's date): 11 PM Monday and 3 AM Tuesday are one night."""
    return (at - NIGHT_STARTS).replace(hour=0, minute=0)


def amended(
    last: DiaryEntry | None,
    now: datetime,
    leg: str | None,
    muscle: str | None,
    seconds: int | None,
    just_noted: bool = False,
) -> DiaryEntry | None:
    """The last entry completed with what was just said ("it lasted five minutes"), when that is what
    it means: noted in this session (`just_noted`: "at 3 AM" said at breakfast) or happened within
    AMEND_WITHIN, and every detail said now was still missing from it."""
    given = {"leg": leg, "muscle": muscle, "seconds": seconds}
    said = {key: value for key, value in given.items() if value is not None}
    if last is None or not said or not (just_noted or timedelta(0) <= now - moment(last) <= AMEND_WITHIN):
        return None
    if any(getattr(last, key) is not None for key in said):
        return None
    # what another version keeps in the entry stays with it
    return dataclasses.replace(
        last,
        leg=last.leg if leg is None else leg,
        muscle=last.muscle if muscle is None else muscle,
        seconds=last.seconds if seconds is None else seconds,
    )


def earlier_at(now: datetime, clock: str | None) -> datetime | None:
    """'I had a cramp at 3 AM': that time today, or yesterday when it is still to come today. None when
    `clock` is not an AMAZON.TIME clock time ("HH:MM"; "NI" and the like say too little)."""
    said = reminder_times.parse(clock)
    if not isinstance(said, reminder_times.ClockTime):
        return None
    at = now.replace(hour=said.hour, minute=said.minute)
    return at - timedelta(days=1) if at > now else at


def within(entries: Sequence[DiaryEntry], now: datetime, start_days: int, end_days: int) -> list[DiaryEntry]:
    """Entries whose night falls from `start_days` ago (inclusive) to `end_days` ago (exclusive);
    tonight is day 0."""
    tonight = night_of(now)
    first, last = tonight - timedelta(days=start_days - 1), tonight - timedelta(days=end_days)
    # A night runs from noon to noon: its entries are those stamped from `first`'s noon to the noon after
    # `last`. Entries are in time order and their stamps sort as text, so both ends are found by bisection
    # and a year's diary costs what the period holds.
    begins, ends = stamp(first + NIGHT_STARTS), stamp(last + NIGHT_STARTS + timedelta(days=1))
    start = bisect.bisect_left(entries, begins, key=_stamp_of)
    return list(entries[start : bisect.bisect_left(entries, ends, lo=start, key=_stamp_of)])


def _stamp_of(entry: DiaryEntry) -> str:
    return entry.at


def nights(entries: Sequence[DiaryEntry]) -> int:
    return len({night_of(moment(entry)) for entry in entries})


@dataclass(frozen=True)
class Summary:
    """What the spoken summary says about a period's entries."""

    cramps: int
    nights: int
    leg: str | None  # the leg named most often, when one clearly leads
    muscle: str | None
    usual_hour: int | None  # the hour most cramps began, when at least two share it
    nudge: str | None  # "frequent", "rising", "long" or None


def summarise(diary: Sequence[DiaryEntry], now: datetime, period: str) -> Summary:
    start, end = PERIOD_DAYS[period]
    entries = within(diary, now, start, end)
    hours = Counter(moment(entry).hour for entry in entries).most_common(1)
    return Summary(
        len(entries),
        nights(entries),
        _leading([entry.leg for entry in entries]),
        _leading([entry.muscle for entry in entries]),
        hours[0][0] if hours and hours[0][1] >= 2 else None,
        nudge(diary, now),
    )


def nudge(diary: Sequence[DiaryEntry], now: datetime) -> str | None:
    """Whether the diary crosses a threshold worth mentioning to a doctor (see module docstring)."""
    if nights(within(diary, now, 7, 0)) >= FREQUENT_NIGHTS_A_WEEK:
        return "frequent"
    recent, before = nights(within(diary, now, 14, 0)), nights(within(diary, now, 28, 14))
    kept_long_enough = bool(diary) and night_of(moment(diary[0])) <= night_of(now) - timedelta(days=14)
    if kept_long_enough and recent >= RISING_MIN_NIGHTS and recent > 2 * before:
        return "rising"
    if any(is_long(entry.seconds) for entry in within(diary, now, 28, 0)):
        return "long"
    return None


def for_card(diary: Sequence[DiaryEntry], now: datetime, period: str) -> list[DiaryEntry]:
    """The entries the card lists, oldest first: the last four weeks, or the period asked for if longer."""
    days = max(CARD_DAYS, PERIOD_DAYS[period][0])
    return within(diary, now, days, 0)[-MAX_CARD_ENTRIES:]


def _leading(values: Sequence[str | None]) -> str | None:
    counts = Counter(value for value in values if value).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]
