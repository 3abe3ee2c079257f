"""Reminder times as Alexa hears them (AMAZON.TIME) and as the skill says them back."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# AMAZON.TIME answers a vague time of day with a code instead of a clock time.
VAGUE_TIMES = frozenset({"NI", "EV", "MO", "AF"})  # night, evening, morning, afternoon
SUGGESTED_BEDTIME = "21:00"
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


@dataclass(frozen=True)
class ClockTime:
    hour: int
    minute: int

    @property
    def value(self) -> str:
        """The form stored in preferences and sent by Alexa: '21:00'."""
        return f"{self.hour:02d}:{self.minute:02d}"

    def spoken(self, words: Mapping[str, Any]) -> str:
        """'9 PM', '9:30 PM', 'midnight', 'noon' in the locale's `clock` words. Languages that say hours and
        minutes as words give `hours` (0-12, with their article: "las nueve"), `minutes` (0-59: "media")
        and `periods` ([from hour, words], e.g. [20, "de la noche"]) instead of AM and PM."""
        if (self.hour, self.minute) == (0, 0):
            return str(words["midnight"])
        if (self.hour, self.minute) == (12, 0):
            return str(words["noon"])
        hour12 = self.hour % 12 or 12
        hour = words["hours"][hour12] if "hours" in words else hour12
        minute = words["minutes"][self.minute] if "minutes" in words else f"{self.minute:02d}"
        if "periods" in words:
            period = next(name for start, name in reversed(words["periods"]) if self.hour >= start)
        else:
            period = words["am"] if self.hour < 12 else words["pm"]
        if self.minute == 0:
            return str(words["on_the_hour"]).format(hour=hour, period=period)
        return str(words["with_minutes"]).format(hour=hour, minute=minute, period=period)

    @property
    def in_small_hours(self) -> bool:
        """Midnight to 6 AM: a reminder then would ring out loud while people sleep."""
        return self.hour < 6

    @property
    def evening_twin(self) -> ClockTime | None:
        """For a morning time from 6 to 11:59, the evening one twelve hours later: AMAZON.TIME gives "09:30"
        for "half past nine", so a bedtime reminder may mean either."""
        return ClockTime(self.hour + 12, self.minute) if 6 <= self.hour < 12 else None

    def rrule(self) -> str:
        return f"FREQ=DAILY;BYHOUR={self.hour};BYMINUTE={self.minute};BYSECOND=0"

    def next_after(self, now: datetime) -> datetime:
        """The next time this clock time comes round after `now` (naive, in now's zone)."""
        candidate = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        if candidate <= now:
            candidate += timedelta(days=1)
        return candidate.replace(tzinfo=None)


@dataclass(frozen=True)
class VagueTime:
    code: str  # one of VAGUE_TIMES


def parse(value: str | None) -> ClockTime | VagueTime | None:
    """Alexa's AMAZON.TIME value: a clock time, a vague code, or None for nothing usable."""
    if not value:
        return None
    value = value.strip().upper()
    if value in VAGUE_TIMES:
        return VagueTime(value)
    match = _CLOCK.match(value)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return ClockTime(hour, minute)
