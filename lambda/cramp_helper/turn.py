"""One turn of conversation: the words for this locale, the session state, and the reply.

Every handler answers through `Turn.reply`, so every response gets the same treatment: soft voice at
night, a reprompt whenever the session stays open, a plain-text card, a copy kept for "repeat", and on a
device with a screen what it shows (`screens.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import Card, SimpleCard

from . import screens, sealed
from .content import content_for, resolve_locale
from .session import Session, Walkthrough
from .speech import Speech

if TYPE_CHECKING:
    from .reminder_times import ClockTime

# "Repeat" says at most this much of the previous answer (Alexa's own limit is 8000 characters with tags).
MAX_REMEMBERED_CHARACTERS = 2000
_FIRST_SENTENCE = re.compile(r"(?<=[.!?:])\s")


class Turn:
    """Context for answering one request."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.input = handler_input
        self.locale: str = resolve_locale(getattr(handler_input.request_envelope.request, "locale", None))
        self.content: dict[str, Any] = content_for(self.locale)
        self.session = Session(handler_input)
        self.number = self.session.next_turn()
        self.showing: Walkthrough | None = None  # the step this reply shows on a screen (set by the walkthrough)

    @property
    def night(self) -> bool:
        """Set once per session by the night-mode interceptor from the device's local time."""
        return self.session.night is True

    def pick(self, variants: Sequence[str] | str) -> str:
        """One of several phrasings, rotating turn by turn so repeated prompts don't sound canned."""
        if isinstance(variants, str):
            return variants
        return variants[self.number % len(variants)]

    # -- the locale's way of saying things ------------------------------------------------------
    def spoken_time(self, at: ClockTime) -> str:
        return at.spoken(self.content["clock"])

    def spoken_number(self, number: int) -> str:
        words = self.content["numbers"]
        return words[number] if 0 <= number < len(words) else str(number)

    def spoken_list(self, items: Sequence[str], conjunction: str = "and") -> str:
        """'a', 'a and b', 'a, b, and c' in the locale's words."""
        words = self.content["lists"]
        joiner = words[conjunction]
        if len(items) <= 1:
            return "".join(items)
        if len(items) == 2:
            return str(words["pair"].format(first=items[0], conjunction=joiner, last=items[1]))
        rest = words["separator"].join(items[:-1])
        return str(words["series"].format(rest=rest, conjunction=joiner, last=items[-1]))

    # -- the reply ----------------------------------------------------------------------------
    def opens_urgently(self, speech: Speech) -> bool:
        """The reply's first sentence is urgent help: built as such, or worded so (the locale's urgent words)."""
        if speech.opens_urgently:
            return True
        first = _FIRST_SENTENCE.split(speech.text(), maxsplit=1)[0].lower()
        return any(word.lower() in first for word in self.content["urgent"]["words"])

    def reply(
        self,
        speech: Speech,
        reprompt: Speech | None = None,
        *,
        title: str | None = None,
        end: bool = False,
        remember: bool = True,
        card: Card | None = None,
    ) -> Response:
        """Build the response: speech, a reprompt unless the session ends, and a card (by default
        a simple card with what was said). A reply that opens with urgent help, whichever handler made it,
        is never softened at night, keeps the session open and is titled as urgent."""
        builder = self.input.response_builder
        urgent = self.opens_urgently(speech)
        if urgent:
            end, title = False, self.content["urgent"]["title"]
        soft = self.night and not urgent
        pronounce = self.content.get("pronounce")
        builder.speak(speech.ssml(soft=soft, pronounce=pronounce))
        builder.set_card(card or SimpleCard(title=title or self.content["skill_name"], content=speech.text()))
        if end:
            builder.set_should_end_session(True)
        else:
            reprompt = reprompt or Speech().say(self.pick(self.content["reprompts"]))
            builder.ask(reprompt.ssml(soft=soft, pronounce=pronounce))
            if remember:
                said, asked = speech.text()[:MAX_REMEMBERED_CHARACTERS], reprompt.text()[:MAX_REMEMBERED_CHARACTERS]
                self.session.last = {
                    "text": said,
                    "reprompt_text": asked,
                    "title": title,
                    "seal": sealed.seal(said, asked, title or ""),
                }
        screens.add(self, speech, title=title, urgent=urgent, end=end)
        return builder.response

    def repeat_last(self) -> Response | None:
        """Say the previous answer again, if there was one and the skill said it: only words that come back
        with their seal (`sealed.py`) are spoken, escaped like any other words."""
        last = self.session.last
        if last is None or not all(isinstance(last.get(k), str) and last[k] for k in ("text", "reprompt_text")):
            return None
        title = last.get("title") if isinstance(last.get("title"), str) else None
        text, reprompt = last["text"], last["reprompt_text"]
        if not sealed.intact(last.get("seal"), text, reprompt, title or ""):
            return None
        return self.reply(Speech().say(text), Speech().say(reprompt), title=title)
