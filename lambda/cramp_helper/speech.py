"""The one place that writes SSML.

Handlers describe a turn as sentences, pauses, slow exercise steps and timed holds; this module turns
that into well-formed SSML (escaped text, `<break>` tags of at most 10 s chained for longer holds,
slower prosody for steps, soft volume at night, a `<sub>` alias where the locale says a written form its
own way: "911" as "nueve uno uno" in Spanish) and into the plain text the Alexa app card shows.
It holds no words of its own: what is said comes from the locale's content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

MAX_BREAK_SECONDS = 10  # Alexa refuses a single <break> longer than 10 s
STEP_RATE = "90%"  # exercise steps a little slower than normal speech
# The step speaking rates a user can choose ("slower" / "faster"), slowest first; "normal" is STEP_RATE.
STEP_RATES: dict[str, str] = {"slow": "75%", "normal": STEP_RATE, "fast": "100%"}
COUNT_EVERY_SECONDS = 5  # a hold is counted softly at this interval
# A hold you can hear: a soft note as it starts, a short chime as it ends (Alexa's sound library, no hosting).
# Outside the hold's silence, so the hold stays exactly the pace's length.
HOLD_START_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_piano_note_1x_01"
HOLD_END_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01"
HOLD_START_SOUND_MS = 1000  # about how long the start note sounds (the screen's countdown starts after it)


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 forbids


def escape(text: str) -> str:
    """Text safe inside SSML: &, < and > escaped (quotes are fine outside attributes), and the control
    characters XML forbids left out, so no words can make the SSML invalid. Plain replaces, not
    `html.escape`: that module loads the whole HTML entity table on every cold start."""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Hold(NamedTuple):
    """A timed hold as said: its seconds, the words before its silence, and the sound before it (ms)."""

    seconds: int
    words_before: int
    cue_ms: int = 0


class Speech:
    """A turn's speech, built piece by piece. Every method returns the builder for chaining.

    The card text is the sentences said; silences and counts appear only in `transcript()` (for the
    console and logs), as bracketed marks."""

    def __init__(self) -> None:
        self._ssml: list[str] = []
        self._text: list[str] = []
        # the timed hold, if any, so a screen counts down the same hold
        self.held: Hold | None = None
        self.urgent = False  # urgent help has been said: no self-care may follow it
        self.opens_urgently = False  # the first thing said is urgent help

    def urgent_help(self, *sentences: str) -> Speech:
        """Urgent help. Whatever comes after it, nothing that could harm someone with a red flag follows
        (`self_care` says nothing once this is said); a reply that opens with it is urgent (`Turn.reply`)."""
        if not self._text:
            self.opens_urgently = True
        self.urgent = True
        return self.say(*sentences)

    def self_care(self, sentence: str, rate: str = "normal") -> Speech:
        """Something to do for the cramp (stretch, rub, walk, warmth), said slowly: never after urgent help,
        since rubbing or stretching a leg with a clot could harm."""
        return self if self.urgent else self.slowly(sentence, rate)

    def say(self, *sentences: str) -> Speech:
        """Plain sentences, escaped for SSML."""
        for sentence in sentences:
            if sentence:
                self._ssml.append(escape(sentence))
                self._text.append(sentence)
        return self

    def slowly(self, sentence: str, rate: str = "normal") -> Speech:
        """An instruction the listener follows while moving: spoken a little slower (`rate`: one of
        STEP_RATES, the user's pace)."""
        self._ssml.append(f'<prosody rate="{STEP_RATES.get(rate, STEP_RATE)}">{escape(sentence)}</prosody>')
        self._text.append(sentence)
        return self

    def pause(self, seconds: float) -> Speech:
        """Silence of any length, as a chain of breaks no longer than Alexa allows each."""
        self._ssml.append(_breaks(seconds))
        if seconds >= 1:
            self._text.append(f"[{_seconds_label(seconds)} pause]")
        return self

    def hold(self, seconds: int, start: str, done: str, count_words: Mapping[str, str], sounds: bool = True) -> Speech:
        """A timed hold with a gentle count every five seconds, so the listener knows where they are, and
        (unless the user chose quiet holds) a soft note as it starts and a chime as it ends.
        `count_words` says the marks in the locale's words ({"5": "five", …}); digits otherwise."""
        self.say(start)
        self.held = Hold(seconds, len(self.text().split()), HOLD_START_SOUND_MS if sounds else 0)
        if sounds:
            self.sound(HOLD_START_SOUND, "start of hold")
        counted = 0
        for mark in range(COUNT_EVERY_SECONDS, seconds + 1, COUNT_EVERY_SECONDS):
            self._ssml.append(_breaks(mark - counted))
            counted = mark
            if mark < seconds:
                word = escape(count_words.get(str(mark), str(mark)))
                self._ssml.append(f'<prosody volume="soft">{word}</prosody>')
        if seconds > counted:
            self._ssml.append(_breaks(seconds - counted))
        self._text.append(f"[{_seconds_label(seconds)} hold, counted every {COUNT_EVERY_SECONDS}]")
        if sounds:
            self.sound(HOLD_END_SOUND, "end of hold")
        return self.say(done)

    def sound(self, source: str, meaning: str) -> Speech:
        """A sound from Alexa's sound library; the transcript names what it means."""
        self._ssml.append(f'<audio src="{escape(source)}"/>')
        self._text.append(f"[sound: {meaning}]")
        return self

    def count(self, times: int, seconds_apart: float = 2.0) -> Speech:
        """Count repetitions aloud, softly, leaving time to do each one."""
        for number in range(1, times + 1):
            self._ssml.append(f'<prosody volume="soft">{number}</prosody>' + _breaks(seconds_apart))
        self._text.append(f"[{times} × counted, {int(seconds_apart)} s apart]")
        return self

    def ssml(self, soft: bool = False, pronounce: Mapping[str, str] | None = None) -> str:
        """The inner SSML (without <speak>, which the SDK's response builder adds). `pronounce` maps a
        written form to how the locale says it (content `pronounce`); the card keeps the written form."""
        inner = " ".join(self._ssml)
        for written, said in (pronounce or {}).items():
            # whole words of text only: never inside a tag's attribute (time="1120ms")
            inner = re.sub(
                rf'(?<![\w"=]){re.escape(escape(written))}(?![\w"])',
                f'<sub alias="{escape(said)}">{escape(written)}</sub>',
                inner,
            )
        return f'<prosody volume="soft">{inner}</prosody>' if soft and inner else inner

    def text(self) -> str:
        """What was said as plain text, for the card in the Alexa app."""
        return " ".join(part for part in self._text if not part.startswith("["))


def _breaks(seconds: float) -> str:
    tags: list[str] = []
    remaining = max(0.0, float(seconds))
    while remaining > 0:
        chunk = min(MAX_BREAK_SECONDS, remaining)
        tags.append(f'<break time="{_ms(chunk)}ms"/>')
        remaining -= chunk
    return "".join(tags)


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _seconds_label(seconds: float) -> str:
    return f"{int(seconds)} s" if seconds >= 1 else f"{_ms(seconds)} ms"
