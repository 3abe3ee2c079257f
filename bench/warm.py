"""Warm turns: many requests through one already-loaded `lambda_function.handler` per skill.

The Cramp Helper runs whole sessions of the realistic mix (scenarios.CONVERSATION_MIX: launch, a
guided calf stretch, causes, remedies, when to see a doctor, help, stop), carrying session attributes
between turns as Alexa does, and reading the device's time zone from the Alexa API stand-in once a
session as it does on Alexa; the hello world alternates its LaunchRequest and HelloWorldIntent.
Sessions of the two skills alternate so both see the same machine state. Only the handler call is
timed (envelope building is not); the first sessions of each are discarded as warm-up.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .scenarios import check_turn, new_conversation, turn_label

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
WARMUP_SESSIONS = 3


def load_entry_point(module_name: str, path: Path) -> ModuleType:
    """Import a `lambda_function.py` under its own name, so two skills' entry points can coexist."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class TurnTimes:
    """Per-turn handler times (ns) of one skill, and any wrong answers seen."""

    nanoseconds: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        milliseconds = [value / 1e6 for value in self.nanoseconds]
        centiles = statistics.quantiles(milliseconds, n=100, method="inclusive")
        return {
            "turns": len(milliseconds),
            "p50_ms": round(centiles[49], 4),
            "p99_ms": round(centiles[98], 4),
            "mean_ms": round(statistics.fmean(milliseconds), 4),
        }


def run_session(
    handler: Handler,
    mix: Sequence[tuple[dict[str, Any], str]],
    user_id: str,
    api_endpoint: str,
    times: TurnTimes,
    record: bool,
) -> None:
    """One Alexa session through `handler`; times every turn when `record`, checks every answer."""
    conversation = new_conversation(user_id, api_endpoint)
    for request, expected in mix:
        event = conversation.envelope(request)
        started = time.perf_counter_ns()
        response = handler(event, None)
        elapsed = time.perf_counter_ns() - started
        conversation.remember(response)
        if record:
            times.nanoseconds.append(elapsed)
        failure = check_turn(f"warm {turn_label(request)}", response, expected)
        if failure and failure not in times.failures:
            times.failures.append(failure)


def measure(
    skill: Handler,
    skill_mix: Sequence[tuple[dict[str, Any], str]],
    baseline: Handler,
    baseline_mix: Sequence[tuple[dict[str, Any], str]],
    turns: int,
    user_id: str,
    api_endpoint: str,
) -> tuple[TurnTimes, TurnTimes]:
    """About `turns` timed turns of each skill, in alternating sessions of equal length."""
    sessions = max(1, turns // len(skill_mix))
    repeats = max(1, len(skill_mix) // len(baseline_mix))
    baseline_session = tuple(baseline_mix) * repeats
    skill_times, baseline_times = TurnTimes(), TurnTimes()
    for number in range(WARMUP_SESSIONS + sessions):
        record = number >= WARMUP_SESSIONS
        run_session(skill, skill_mix, user_id, api_endpoint, skill_times, record)
        run_session(baseline, baseline_session, user_id, api_endpoint, baseline_times, record)
    return skill_times, baseline_times


def measure_diaries(skill: Handler, turns: int, api_endpoint: str) -> tuple[dict[str, TurnTimes], list[str]]:
    """Sessions of a launch then a diary summary, alternating between the users with an empty, a four
    weeks' and a full diary (scenarios.DIARY_MIXES): the times of each turn by "<turn>, <diary>", and wrong answers.
    A launch is a session's first turn, so it reads the time zone as well as the record."""
    from .scenarios import DIARY_MIXES, DIARY_NAMES

    by_turn: dict[str, TurnTimes] = {}
    failures: list[str] = []
    for number in range(WARMUP_SESSIONS + max(1, turns // 2)):
        for user_id, mix in DIARY_MIXES.items():
            diary = DIARY_NAMES[user_id]
            conversation = new_conversation(user_id, api_endpoint)
            for (request, expected), turn in zip(mix, ("launch", "history"), strict=True):
                event = conversation.envelope(request)
                started = time.perf_counter_ns()
                response = skill(event, None)
                elapsed = time.perf_counter_ns() - started
                conversation.remember(response)
                if number >= WARMUP_SESSIONS:
                    by_turn.setdefault(f"{turn}, {diary}", TurnTimes()).nanoseconds.append(elapsed)
                failure = check_turn(f"warm {turn_label(request)} ({diary})", response, expected)
                if failure and failure not in failures:
                    failures.append(failure)
    return by_turn, failures
