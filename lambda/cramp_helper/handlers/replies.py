"""Replies every capability may end with: back to the menu, goodbye, and "that is not something I know"."""

from __future__ import annotations

from ask_sdk_model import Response

from ..speech import Speech
from ..turn import Turn
from . import offers


def main_menu(turn: Turn, lead: str = "") -> Response:
    """Re-orient the user: one sentence of what they can say, then one question."""
    turn.session.clear_activity()
    words = turn.content["welcome"]
    menu = words["night_menu"] if turn.night else words["menu"]
    return turn.reply(Speech().say(lead, menu, words["question"]))


def goodbye(turn: Turn, lead: str = "") -> Response:
    """End the session kindly; a reminder left unconfirmed is said to be not set."""
    if turn.session.offer == offers.offer_id("confirm_reminder"):
        lead = lead or turn.content["reminders"]["not_set"]
    turn.session.clear_activity()
    return turn.reply(Speech().say(lead, turn.pick(turn.content["goodbye"]), turn.content["come_back"]), end=True)


def out_of_scope(turn: Turn) -> Response:
    """A request about something else (a cramp in a hand): say kindly what the skill knows, and the one safety line."""
    turn.session.clear_activity()
    question = turn.content["welcome"]["question"]
    return turn.reply(
        Speech().say(turn.content["fallback"]["out_of_scope"], turn.content["safety_line"], question),
        Speech().say(question),
    )
