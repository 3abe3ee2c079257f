"""A failed call to one of Alexa's APIs (Reminders, Timers), as a kind the handlers can speak about:
permission (ask the user), forbidden, busy, invalid (another 4xx), unavailable (5xx, timeouts, unreachable)."""

from __future__ import annotations

import logging
from typing import TypeVar

logger = logging.getLogger(__name__)

_KINDS = {401: "permission", 403: "forbidden", 429: "busy"}


class ApiProblem(Exception):
    """Why an Alexa API call failed, in the terms the user hears."""

    def __init__(self, kind: str, status: int | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.status = status


Problem = TypeVar("Problem", bound=ApiProblem)


def problem_of(error: Exception, problem: type[Problem], api: str) -> Problem:
    """The SDK's exception (its `status_code`, if any) as a `problem` of the right kind, logged."""
    status = getattr(error, "status_code", None)
    kind = _KINDS.get(status or 0) or ("invalid" if status and 400 <= status < 500 else "unavailable")
    logger.error("%s API failed: %s status=%s", api, type(error).__name__, status)
    return problem(kind, status)
