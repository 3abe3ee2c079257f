"""The dialogue's vocabulary: every offer the skill makes, and what "yes" and "no" then do.

An offer is stored in the session as an id, "kind" or "kind:argument" ("exercise:hamstring",
"more:causes"). Each kind is registered once, by the capability that makes it (`register`, at the foot of
its module): what yes does, what no does (by default "Okay" and goodbye), and how to restate it when help or
the fallback interrupts ("Say yes for the hamstring stretch, or no." — the words are the locale's
`pending.<kind>`). Adding an offer is one `register` call beside the code it runs, plus its words. This
module imports no capability, so every capability can make offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from ask_sdk_model import Response

from ..turn import Turn

Action = Callable[[Turn, str], Response]


class OfferKind(NamedTuple):
    yes: Action
    no: Action | None = None  # None: "Okay." and goodbye
    arguments: Callable[[], Iterable[str]] | None = None  # the arguments it takes (None: none)
    restate: Callable[[Turn, str, str], str | None] | None = None  # pending words → the question, filled in


OFFERS: dict[str, OfferKind] = {}


def register(name: str, kind: OfferKind) -> None:
    """Make `name` an offer the skill can make; each kind is registered by its capability."""
    OFFERS[name] = kind


def offer_id(kind: str, argument: str = "") -> str:
    assert kind in OFFERS, kind
    return f"{kind}:{argument}" if argument else kind


class OpenOffer(NamedTuple):
    name: str
    kind: OfferKind
    argument: str


def open_offer(turn: Turn) -> OpenOffer | None:
    """The offer standing in this session, if its id means something (the client may send anything)."""
    raw = turn.session.offer
    if raw is None:
        return None
    name, _, argument = raw.partition(":")
    kind = OFFERS.get(name)
    if kind is None or (argument not in kind.arguments() if kind.arguments else argument):
        turn.session.offer = None
        return None
    return OpenOffer(name, kind, argument)


def accept(turn: Turn) -> Response | None:
    """'Yes': do what the open offer offered (None when nothing is on offer)."""
    found = open_offer(turn)
    turn.session.offer = None
    return found.kind.yes(turn, found.argument) if found else None


def decline(turn: Turn) -> Response | None:
    """'No' to the open offer: its own answer, or None for the usual "Okay" and goodbye."""
    found = open_offer(turn)
    return found.kind.no(turn, found.argument) if found and found.kind.no else None


def pending_question(turn: Turn) -> str | None:
    """The open yes/no question in a few words ('Say yes to set a 9 PM reminder, or no.'), or None."""
    found = open_offer(turn)
    if found is None:
        return None
    template = turn.content["pending"][found.name]
    if isinstance(template, dict):  # one wording per argument ("more" per topic)
        template = template[found.argument]
    return found.kind.restate(turn, template, found.argument) if found.kind.restate else template
