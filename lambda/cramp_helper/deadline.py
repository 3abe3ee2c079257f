"""One time budget per turn, shared by every call the turn makes to DynamoDB, SQLite and Alexa's APIs.

Alexa waits 8 s for an answer. Each dependency having its own timeout is not enough: a slow Settings
API, then a slow store read, then a slow Reminders call add up. So the turn starts a clock
(`DeadlineInterceptor`, first of the request interceptors) and every call asks `remaining()` how long
it may take, and makes that its socket or botocore timeouts (no thread watches a call). The clock lives
in the request attributes (for handlers) and in a context variable (for
the API client and store adapters, which the SDK calls without the handler input); threads each see
their own, so the web service's concurrent turns never share one.
"""

from __future__ import annotations

import contextvars
import os
import time

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

# The whole turn answers within 5 s: 4.5 s for dependencies leaves room to build and send the reply.
DEFAULT_BUDGET_SECONDS = 4.5
# Below this a call is not even started: it could not finish, and the apology needs the time.
MINIMUM_CALL_SECONDS = 0.05
REQUEST_ATTRIBUTE = "deadline"

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("turn_deadline", default=None)


class BudgetExhausted(TimeoutError):
    """The turn's time is up: the call was not made."""


def budget_seconds() -> float:
    try:
        return float(os.environ.get("TURN_BUDGET_SECONDS") or DEFAULT_BUDGET_SECONDS)
    except ValueError:
        return DEFAULT_BUDGET_SECONDS


def start(handler_input: HandlerInput | None = None, budget: float | None = None) -> float:
    """Start this turn's clock; returns the deadline (time.monotonic() seconds)."""
    deadline = time.monotonic() + (budget_seconds() if budget is None else budget)
    _deadline.set(deadline)
    if handler_input is not None:
        handler_input.attributes_manager.request_attributes[REQUEST_ATTRIBUTE] = deadline
    return deadline


def clear() -> None:
    """End this turn's clock, so nothing run later on the same thread inherits a spent budget."""
    _deadline.set(None)


def remaining(cap: float | None = None) -> float:
    """Seconds left in this turn (at most `cap`); outside a turn, a whole budget."""
    deadline = _deadline.get()
    left = budget_seconds() if deadline is None else deadline - time.monotonic()
    return max(0.0, left if cap is None else min(cap, left))


def require(cap: float | None = None) -> float:
    """The time a call may take, or BudgetExhausted when there is too little left to start it."""
    left = remaining(cap)
    if left < MINIMUM_CALL_SECONDS:
        raise BudgetExhausted("the turn's time budget is spent")
    return left


class DeadlineInterceptor(AbstractRequestInterceptor):
    """Starts the turn's clock before anything else runs."""

    def process(self, handler_input: HandlerInput) -> None:
        start(handler_input)
