"""Reminder times as Alexa hears them (AMAZON.TIME) and as the skill says them back."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional, Union

# AMAZON.TIME answers a vague time of day with a code instead of a clock time.
VAGUE_TIMES = {"NI": "night", "EV": "evening", "MO": "morning", "AF": "afternoon"}
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

    def spoken(self) -> str:
        """'9 PM', '9:30 PM', 'midnight', 'noon'."""
        if (self.hour, self.minute) == (0, 0):
            return "midnight"
        if (self.hour, self.minute) == (12, 0):
            return "noon"
        hour12 = self.hour % 12 or 12
        suffix = "AM" if self.hour < 12 else "PM"
        return f"{hour12} {suffix}" if self.minute == 0 else f"{hour12}:{self.minute:02d} {suffix}"

    @property
    def in_small_hours(self) -> bool:
        """Midnight to 6 AM: a reminder then would ring out loud while people sleep."""
        return self.hour < 6

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
    code: str

    @property
    def words(self) -> str:
        return VAGUE_TIMES[self.code]


def parse(value: Optional[str]) -> Union[ClockTime, VagueTime, None]:
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
