"""Alexa's Timers API as the stand-in serves it: create, list, read and cancel a skill's timers, with the
checks the real service makes, and a clock the console can move on ("tick 10m") to make timers ring.

Rules from Amazon's Timers API reference and usage guidelines: a duration in ISO 8601 of at most two
hours; a label of at most 256 characters, unique among the timers; at most ten timers; a LAUNCH_TASK
timer names the task and gives Alexa's confirmation text, with `{continueWithSkillName}`, per locale.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

TIMERS_PATH = "/v1/alerts/timers"
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
MAX_TIMERS = 10
MAX_DURATION = timedelta(hours=2)
MAX_LABEL = 256
OPERATIONS = ("ANNOUNCE", "NOTIFY_ONLY", "LAUNCH_TASK")
_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")


class TimerRefused(Exception):
    """What the real API would answer with 400: (code, message)."""

    def __init__(self, message: str, code: str = "INVALID_REQUEST") -> None:
        super().__init__(message)
        self.code = code


def parse_duration(value: Any) -> timedelta | None:
    """'PT10M', 'PT1H30M', 'PT45S' → a timedelta; None when it is not such a duration."""
    match = _DURATION.fullmatch(value) if isinstance(value, str) and value != "PT" else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def validate_timer(body: Any, labels_taken: set[str]) -> timedelta:
    """The timer's duration, or TimerRefused saying why the real API would refuse `body`."""
    if not isinstance(body, dict):
        raise TimerRefused("The body must be a JSON object.")
    duration = parse_duration(body.get("duration"))
    if duration is None or not timedelta(0) < duration <= MAX_DURATION:
        raise TimerRefused("duration must be an ISO 8601 duration of at most two hours, e.g. PT10M.")
    label = body.get("timerLabel")
    if label is not None and (not isinstance(label, str) or len(label) > MAX_LABEL):
        raise TimerRefused(f"timerLabel must be text of at most {MAX_LABEL} characters.")
    if label in labels_taken:
        raise TimerRefused("If your timer includes a label, it must be unique.", code="DUPLICATE_LABEL")
    visibility = ((body.get("creationBehavior") or {}).get("displayExperience") or {}).get("visibility")
    if visibility not in ("VISIBLE", "HIDDEN"):
        raise TimerRefused("creationBehavior.displayExperience.visibility must be VISIBLE or HIDDEN.")
    triggering = body.get("triggeringBehavior")
    if not isinstance(triggering, dict):
        raise TimerRefused("triggeringBehavior is required.")
    operation = triggering.get("operation") or {}
    if operation.get("type") not in OPERATIONS:
        raise TimerRefused(f"triggeringBehavior.operation.type must be one of {', '.join(OPERATIONS)}.")
    if operation["type"] == "LAUNCH_TASK":
        _check_launch_task(operation)
    if not isinstance((triggering.get("notificationConfig") or {}).get("playAudible"), bool):
        raise TimerRefused("triggeringBehavior.notificationConfig.playAudible must be true or false.")
    return duration


def _check_launch_task(operation: dict[str, Any]) -> None:
    task = operation.get("task") or {}
    if not isinstance(task.get("name"), str) or "." not in task["name"] or not str(task.get("version", "")).isdigit():
        raise TimerRefused("A LAUNCH_TASK timer needs task.name (<skill id>.<task>) and a numeric task.version.")
    confirmations = operation.get("textToConfirm")
    if (
        not isinstance(confirmations, list)
        or not confirmations
        or not all(
            isinstance(item, dict)
            and isinstance(item.get("locale"), str)
            and "{continueWithSkillName}" in str(item.get("text", ""))
            for item in confirmations
        )
    ):
        raise TimerRefused("textToConfirm needs a locale and a text with {continueWithSkillName} for each entry.")


@dataclass
class Timer:
    """One running timer: what was posted, and when it rings on the stand-in's clock."""

    id: str
    body: dict[str, Any]
    created: datetime
    rings_at: datetime

    def as_response(self) -> dict[str, Any]:
        """The TimerResponse the API answers with."""
        stamp = self.created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {
            "id": self.id,
            "status": "ON",
            "duration": self.body["duration"],
            "triggerTime": self.rings_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "timerLabel": self.body.get("timerLabel"),
            "createdTime": stamp,
            "updatedTime": stamp,
        }

    @property
    def label(self) -> str:
        return str(self.body.get("timerLabel") or "")

    @property
    def task(self) -> dict[str, Any] | None:
        """The skill task this timer opens when it rings (LAUNCH_TASK), if any."""
        operation = self.body["triggeringBehavior"]["operation"]
        return operation.get("task") if operation.get("type") == "LAUNCH_TASK" else None

    def confirmation(self, locale: str) -> str:
        """What Alexa asks when it rings, for `locale` (the first text if that locale has none)."""
        texts = self.body["triggeringBehavior"]["operation"].get("textToConfirm") or [{}]
        return str(next((t["text"] for t in texts if t.get("locale") == locale), texts[0].get("text", "")))


@dataclass
class TimerBook:
    """The account's skill timers and the stand-in's clock (real time plus however far it was ticked on)."""

    timers: dict[str, Timer] = field(default_factory=dict)
    ahead: timedelta = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    def create(self, body: Any) -> dict[str, Any]:
        if len(self.timers) >= MAX_TIMERS:
            raise TimerRefused(f"You can create a maximum of {MAX_TIMERS} timers.", code="MAX_TIMERS_EXCEEDED")
        duration = validate_timer(body, {timer.label for timer in self.timers.values() if timer.label})
        now = self.now()
        timer = Timer(str(uuid.uuid4()), body, now, now + duration)
        self.timers[timer.id] = timer
        return timer.as_response()

    def listing(self) -> dict[str, Any]:
        ordered = sorted(self.timers.values(), key=lambda timer: timer.rings_at - timer.created)
        return {"totalCount": len(ordered), "timers": [timer.as_response() for timer in ordered], "nextToken": None}

    def tick(self, seconds: float) -> list[Timer]:
        """Move the clock on by `seconds`; the timers that rang meanwhile, earliest first (they are done)."""
        self.ahead += timedelta(seconds=seconds)
        rang = sorted(
            (timer for timer in self.timers.values() if timer.rings_at <= self.now()), key=lambda timer: timer.rings_at
        )
        for timer in rang:
            del self.timers[timer.id]
        return rang
