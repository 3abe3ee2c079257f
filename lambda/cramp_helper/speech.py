"""The one place that writes SSML.

Handlers describe a turn as sentences, pauses, slow exercise steps and timed holds; this module turns
that into well-formed SSML (escaped text, `<break>` tags of at most 10 s chained for longer holds,
slower prosody for steps, soft volume at night) and into the plain text the Alexa app card shows.
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

MAX_BREAK_SECONDS = 10  # Alexa refuses a single <break> longer than 10 s
STEP_RATE = "90%"  # exercise steps a little slower than normal speech
_NUMBER_WORDS = {5: "five", 10: "ten", 15: "fifteen", 20: "twenty", 25: "twenty five", 30: "thirty"}


def escape(text: str) -> str:
    """Text safe inside SSML: &, < and > escaped (quotes are fine outside attributes). Three replaces,
    not `html.escape`: that module loads the whole HTML entity table on every cold start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Speech:
    """A turn's speech, built piece by piece. Every method returns the builder for chaining."""

    def __init__(self) -> None:
        self._ssml: List[str] = []
        self._text: List[str] = []

    def say(self, *sentences: str) -> "Speech":
        """Plain sentences, escaped for SSML."""
        for sentence in sentences:
            if sentence:
                self._ssml.append(escape(sentence))
                self._text.append(sentence)
        return self

    def slowly(self, sentence: str) -> "Speech":
        """An instruction the listener follows while moving: spoken a little slower."""
        self._ssml.append(f'<prosody rate="{STEP_RATE}">{escape(sentence)}</prosody>')
        self._text.append(sentence)
        return self

    def pause(self, seconds: float) -> "Speech":
        """Silence of any length, as a chain of breaks no longer than Alexa allows each."""
        self._ssml.append(_breaks(seconds))
        if seconds >= 1:
            self._text.append(f"({_seconds_label(seconds)} pause)")
        return self

    def hold(self, seconds: int, start: str = "Hold.", done: str = "And relax.") -> "Speech":
        """A timed hold with a gentle count every five seconds, so the listener knows where they are."""
        self.say(start)
        counted = 0
        for mark in range(5, seconds + 1, 5):
            self._ssml.append(_breaks(mark - counted))
            counted = mark
            if mark < seconds:
                word = _NUMBER_WORDS.get(mark, str(mark))
                self._ssml.append(f'<prosody volume="soft">{word}</prosody>')
        if seconds > counted:
            self._ssml.append(_breaks(seconds - counted))
        self._text.append(f"({_seconds_label(seconds)} hold, counted every five)")
        return self.say(done)

    def count(self, times: int, seconds_apart: float = 2.0) -> "Speech":
        """Count repetitions aloud, softly, leaving time to do each one."""
        for number in range(1, times + 1):
            self._ssml.append(f'<prosody volume="soft">{number}</prosody>' + _breaks(seconds_apart))
        self._text.append(f"(counts {times} repetitions, {int(seconds_apart)} seconds apart)")
        return self

    def extend(self, other: "Speech") -> "Speech":
        """Append another turn's speech, e.g. a step after an acknowledgement."""
        self._ssml.extend(other._ssml)
        self._text.extend(other._text)
        return self

    @property
    def empty(self) -> bool:
        return not self._ssml

    def ssml(self, soft: bool = False) -> str:
        """The inner SSML (without <speak>, which the SDK's response builder adds)."""
        inner = " ".join(self._ssml)
        return f'<prosody volume="soft">{inner}</prosody>' if soft and inner else inner

    def text(self) -> str:
        """What was said as plain text, for the card in the Alexa app."""
        return " ".join(part for part in self._text if not part.startswith("("))

    def transcript(self) -> str:
        """What was said with pauses shown, e.g. for logs."""
        return " ".join(self._text)


def _breaks(seconds: float) -> str:
    tags: List[str] = []
    remaining = max(0.0, float(seconds))
    while remaining > 0:
        chunk = min(MAX_BREAK_SECONDS, remaining)
        tags.append(f'<break time="{_ms(chunk)}ms"/>')
        remaining -= chunk
    return "".join(tags)


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _seconds_label(seconds: float) -> str:
    return f"{int(seconds)} second" if seconds >= 1 else f"{_ms(seconds)} ms"


def join_options(options: Sequence[str], conjunction: str = "or") -> str:
    """'a', 'a or b', 'a, b, or c': how a list is read aloud."""
    items: Tuple[str, ...] = tuple(options)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def restored(ssml: str, text: str) -> Speech:
    """A Speech rebuilt from what `ssml()`/`text()` produced earlier, for "repeat that"."""
    speech = Speech()
    speech._ssml.append(ssml)
    speech._text.append(text)
    return speech

