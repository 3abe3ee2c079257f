"""The dialogue's vocabulary: every offer the skill makes, and what "yes" and "no" then do.

An offer is stored in the session as an id, "kind" or "kind:argument" ("exercise:hamstring",
"more:causes"). Each kind has one entry in OFFERS: what yes does, what no does (by default "Okay" and
goodbye), and how to restate it when help or the fallback interrupts ("Say yes for the hamstring
stretch, or no." — the words are the locale's `pending.<kind>`). Adding an offer is one entry here plus
its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from ask_sdk_model import Response

from .. import exercises
from ..session import PAGED_TOPICS
from ..turn import Turn
from . import check_in, conversation, data_rights, diary, reminders, topics, walkthrough
from . import pace as pace_turns

Action = Callable[[Turn, str], Response]


class OfferKind(NamedTuple):
    yes: Action
    no: Action | None = None  # None: "Okay." and goodbye
    arguments: Callable[[], Iterable[str]] | None = None  # the arguments it takes (None: none)
    restate: Callable[[Turn, str, str], str | None] | None = None  # pending words → the question, filled in


def _exercise_name(turn: Turn, template: str, exercise: str) -> str:
    return template.format(name=walkthrough.words_of(turn, exercise)["name"])


def _reminder_time(turn: Turn, template: str, _: str) -> str | None:
    at = reminders.pending(turn)
    return template.format(time=turn.spoken_time(at)) if at else None


OFFERS: dict[str, OfferKind] = {
    "exercise": OfferKind(
        yes=lambda turn, exercise: walkthrough.start_exercise(turn, exercise),
        arguments=lambda: exercises.BY_ID,
        restate=_exercise_name,
    ),
    "routine": OfferKind(yes=lambda turn, _: walkthrough.start_routine(turn)),
    "causes": OfferKind(
        yes=lambda turn, _: topics.read_page(turn, "causes", 0, lead=turn.content["causes"]["overview"])
    ),
    "more": OfferKind(yes=lambda turn, topic: topics.read_next_page(turn, topic), arguments=lambda: PAGED_TOPICS),
    "prevention": OfferKind(yes=lambda turn, _: topics.prevention(turn)),
    "doctor_routine": OfferKind(yes=lambda turn, _: topics.doctor_routine(turn)),
    "restless_help": OfferKind(yes=lambda turn, _: topics.restless_legs_help(turn)),
    "cramp_now": OfferKind(yes=lambda turn, _: topics.cramp_now(turn)),
    "check_in": OfferKind(yes=lambda turn, _: check_in.start(turn), no=lambda turn, _: topics.check_in_declined(turn)),
    "check_in_answer": OfferKind(
        yes=lambda turn, _: topics.cramp_gone(turn), no=lambda turn, _: check_in.still_cramping(turn)
    ),
    "log_cramp": OfferKind(
        yes=lambda turn, _: topics.log_offered_cramp(turn),
        no=lambda turn, _: topics.stretch_after_cramp(turn, turn.content["no_thanks"]),
    ),
    "keep_diary": OfferKind(yes=lambda turn, _: diary.keep_agreed(turn), no=lambda turn, _: diary.keep_declined(turn)),
    "resume": OfferKind(
        yes=lambda turn, _: pace_turns.resume(turn),
        no=lambda turn, _: conversation.main_menu(turn, turn.content["no_thanks"]),
    ),
    "reminder": OfferKind(yes=lambda turn, _: reminders.ask_for_time(turn)),
    "confirm_reminder": OfferKind(
        yes=lambda turn, _: reminders.set_confirmed(turn),
        no=lambda turn, _: reminders.declined(turn) or conversation.goodbye(turn),
        restate=_reminder_time,
    ),
    "which_half": OfferKind(
        yes=lambda turn, _: reminders.set_evening(turn),
        no=lambda turn, _: reminders.set_confirmed(turn),
        restate=reminders.which_half_question,
    ),
    "confirm_delete": OfferKind(
        yes=lambda turn, _: data_rights.delete_confirmed(turn),
        no=lambda turn, _: conversation.goodbye(turn, turn.content["data"]["kept"]),
    ),
}


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
