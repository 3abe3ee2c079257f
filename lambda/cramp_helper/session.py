"""Where the user is in the conversation, kept in Alexa session attributes.

Session attributes come back from the device as plain JSON, so they can be stale or corrupted. Every
accessor here validates what it reads and forgets what does not make sense (a step out of range, a
wrong type), so a broken session turns into a fresh start instead of an exception.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

# What "yes" means after the skill's last question.
OFFERS = frozenset({
    "calf_stretch", "hamstring_stretch", "routine", "causes", "more_causes", "more_remedies",
    "more_nutrition", "prevention", "reminder", "confirm_reminder", "confirm_delete",
})
PAGED_TOPICS = ("causes", "remedies", "nutrition")


@dataclass(frozen=True)
class Walkthrough:
    """An exercise in progress: which one, which step (0-based), and whether it is the routine."""

    exercise: str
    step: int
    routine: bool = False

    def as_dict(self) -> Dict[str, Any]:
        return {"exercise": self.exercise, "step": self.step, "routine": self.routine}


@dataclass(frozen=True)
class Page:
    """A list read a page at a time (causes, remedies, nutrition): which page was read last."""

    topic: str
    page: int


def session_attributes(handler_input: HandlerInput) -> Dict[str, Any]:
    """The session's attributes; for a request without a session (events, possibly a
    Connections.Response) the request's own attributes, so what one part of the turn notes (night
    mode, the time zone) the rest of the same turn still sees."""
    if handler_input.request_envelope.session is None:
        return handler_input.attributes_manager.request_attributes
    attributes = handler_input.attributes_manager.session_attributes
    if not isinstance(attributes, dict):
        attributes = {}
        handler_input.attributes_manager.session_attributes = attributes
    return attributes


class Session:
    """Typed, validated access to the session attributes of one turn."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.attributes: Dict[str, Any] = session_attributes(handler_input)

    # -- walkthrough -------------------------------------------------------------------------
    def walkthrough(self, step_counts: Dict[str, int]) -> Optional[Walkthrough]:
        """The exercise in progress, or None when there is none or what was stored is invalid."""
        raw = self.attributes.get("walkthrough")
        if not isinstance(raw, dict):
            return None
        exercise, step = raw.get("exercise"), raw.get("step")
        if exercise not in step_counts or isinstance(step, bool) or not isinstance(step, int):
            self.attributes.pop("walkthrough", None)
            return None
        if not 0 <= step < step_counts[exercise]:
            self.attributes.pop("walkthrough", None)
            return None
        return Walkthrough(exercise, step, raw.get("routine") is True)

    def set_walkthrough(self, walkthrough: Optional[Walkthrough]) -> None:
        if walkthrough is None:
            self.attributes.pop("walkthrough", None)
        else:
            self.attributes["walkthrough"] = walkthrough.as_dict()
            self.attributes.pop("page", None)

    # -- paged lists -------------------------------------------------------------------------
    def page(self) -> Optional[Page]:
        raw = self.attributes.get("page")
        if isinstance(raw, dict) and raw.get("topic") in PAGED_TOPICS and _is_count(raw.get("page")):
            return Page(raw["topic"], raw["page"])
        self.attributes.pop("page", None)
        return None

    def set_page(self, page: Optional[Page]) -> None:
        if page is None:
            self.attributes.pop("page", None)
        else:
            self.attributes["page"] = {"topic": page.topic, "page": page.page}
            self.attributes.pop("walkthrough", None)

    # -- the pending question ----------------------------------------------------------------
    @property
    def offer(self) -> Optional[str]:
        offer = self.attributes.get("offer")
        return offer if offer in OFFERS else None

    @offer.setter
    def offer(self, value: Optional[str]) -> None:
        if value is None:
            self.attributes.pop("offer", None)
        else:
            assert value in OFFERS, value
            self.attributes["offer"] = value

    # -- small values ------------------------------------------------------------------------
    def get(self, key: str, kind: type, default: Any = None) -> Any:
        """A stored value of the expected type, else `default` (and the bad value is dropped)."""
        value = self.attributes.get(key, default)
        if value is default or (isinstance(value, kind) and not (kind is int and isinstance(value, bool))):
            return value
        self.attributes.pop(key, None)
        return default

    def next_turn(self) -> int:
        """Count turns so repeated prompts can vary in a predictable rotation."""
        turn = self.get("turn", int, 0) + 1
        self.attributes["turn"] = turn
        return turn

    def clear_activity(self) -> None:
        for key in ("walkthrough", "page", "offer", "pending_reminder"):
            self.attributes.pop(key, None)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
