"""What the person said decides: every free slot's words, read for red flags, warned substances and body parts.

On a real Echo a custom slot carries the words Alexa heard even when entity resolution finds no value
("my calf is red and hot" in `symptom`, "Qualaquin" in `medicine`). The resolved id is used when there is
one; when there is not, the words are read with the locale language's word lists (`content/heard/<language>.json`,
data, not code), so an unknown phrasing never ends in advice that could harm.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from typing import Any, NamedTuple

from ask_sdk_core.handler_input import HandlerInput

from .content import language_of
from .red_flags import DENIED_SYMPTOM, RED_FLAGS, SYMPTOM_SLOT, WARNED_SUBSTANCES
from .slots import slot_value

_FOLDER = os.path.join(os.path.dirname(__file__), "content", "heard")
GAP = "~"  # up to GAP_WORDS other words
GAP_WORDS = 3
NEGATION_REACH = 4  # a negator this many words before a phrase, in the same clause, cancels it
_TAKEN = "\x00"  # stands in for a word a longer phrase already took


class Heard(NamedTuple):
    """What the turn's slots said, by id: red flags (SymptomType ids), warned substances, body parts."""

    red_flags: frozenset[str]
    warned: frozenset[str]
    leg_parts: frozenset[str]
    symptom_said: bool  # the symptom slot heard any words at all
    unplaced_symptom: bool  # …words that are neither a red flag nor an ordinary cramp's: nothing the skill knows


class Reading(NamedTuple):
    """What one slot's words name, and the words nothing named."""

    red_flags: frozenset[str]
    warned: frozenset[str]
    body_parts: frozenset[str]
    unknown: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower case, accents folded, apostrophes dropped ("can't" → "cant"), other punctuation as spaces."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    text = re.sub(r"['’‘]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


class _Phrase(NamedTuple):
    kind: str  # "red_flags", "warned", "body_parts", "everyday"
    value: str  # the id it stands for ("swelling", "quinine", "leg:calf")
    regex: re.Pattern[str]
    size: int  # how many words it names: longer phrases are matched first


class Lexicon:
    """One language's word lists, compiled (see `content/heard/en.json` for the rules)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.negators = frozenset(normalise(w) for w in data["negators"])
        self.doubt = frozenset(normalise(w) for w in data["doubt"])
        self.breaks = frozenset(normalise(w) for w in data["clause_breaks"])
        self.filler = frozenset(normalise(w) for w in data["filler"])
        phrases = [_phrase("everyday", "", p) for p in data["everyday"] + data["ordinary"]]
        for kind in ("red_flags", "warned"):
            phrases += [_phrase(kind, value, p) for value, said in data[kind].items() for p in said]
        for group, parts in data["body_parts"].items():
            phrases += [_phrase("body_parts", f"{group}:{part}", p) for part, said in parts.items() for p in said]
        self.phrases = sorted(phrases, key=lambda phrase: -phrase.size)

    def read(self, words: str) -> Reading:
        """The ids each kind of phrase names in `words` (negated phrases left out), and the words left over."""
        text = f" {normalise(words)} "
        found: dict[str, set[str]] = {"red_flags": set(), "warned": set(), "body_parts": set()}
        for phrase in self.phrases:
            for match in list(phrase.regex.finditer(text)):
                before = text[: match.start()].split()
                if phrase.kind != "everyday" and not self._negated(before):
                    found[phrase.kind].add(phrase.value)
                taken = " ".join(_TAKEN for _ in match.group().split())
                text = f"{text[: match.start()]} {taken} {text[match.end() :]}"
        ignored = self.filler | self.negators | self.breaks | self.doubt | {_TAKEN}
        unknown = tuple(word for word in text.split() if word not in ignored)
        return Reading(
            frozenset(found["red_flags"]), frozenset(found["warned"]), frozenset(found["body_parts"]), unknown
        )

    def _negated(self, before: list[str]) -> bool:
        for word in reversed(before[-NEGATION_REACH:]):
            if word in self.breaks or word in self.doubt:
                return False
            if word in self.negators:
                return True
        return False


def _phrase(kind: str, value: str, said: str) -> _Phrase:
    body, gap = "", False
    for word in said.split():
        if word == GAP:
            gap = True
            continue
        stem = normalise(word.removesuffix("*"))
        piece = re.escape(stem) + (r"\S*" if word.endswith("*") and stem else r"\S+" if word == "*" else "")
        if body:
            body += rf"(?: \S+){{0,{GAP_WORDS}}} " if gap else " "
        body += piece
        gap = False
    size = sum(1 for word in said.split() if word != GAP)
    return _Phrase(kind, value, re.compile(rf"(?<= ){body}(?= )"), size)


@functools.cache
def lexicon(language: str) -> Lexicon:
    """The word lists of a language ("en", "es"); English where a language has none."""
    path = os.path.join(_FOLDER, f"{language}.json")
    if not os.path.isfile(path):
        path = os.path.join(_FOLDER, "en.json")
    with open(path, encoding="utf-8") as handle:
        return Lexicon(json.load(handle))


def read_words(words: str, locale: str) -> Reading:
    """What `words` name, in `locale`'s language: the safety net for a slot nothing resolved."""
    return lexicon(language_of(locale)).read(words)


def heard(handler_input: HandlerInput, locale: str) -> Heard:
    """Every slot of the request, read: resolved ids where entity resolution found one, else the words."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    flags: set[str] = set()
    warned: set[str] = set()
    parts: set[str] = set()
    symptom_said = unplaced = False
    for name in (intent.slots or {}) if intent is not None else {}:
        words, value = slot_value(handler_input, name)
        if words is None or not words.strip():
            continue
        symptom_said = symptom_said or name == SYMPTOM_SLOT
        # ids are per slot type (a remedy's "heat" is warmth, not a hot leg); "not swollen" is read as words
        if value is not None and value != DENIED_SYMPTOM:
            flags |= {value} & set(RED_FLAGS) if name == SYMPTOM_SLOT else set()
            warned |= {value} & set(WARNED_SUBSTANCES)
            continue
        reading = read_words(words, locale)  # the word lists are compiled only for a turn that needs them
        flags |= reading.red_flags
        warned |= reading.warned
        parts |= reading.body_parts
        if name == SYMPTOM_SLOT and not (reading.red_flags or reading.warned) and reading.unknown:
            unplaced = True
    leg = frozenset(part.split(":")[1] for part in parts if part.startswith("leg:"))
    if leg and any(part.startswith("spreading:") for part in parts):  # arms, hands or belly as well
        flags.add("spreading")
    return Heard(frozenset(flags), frozenset(warned), leg, symptom_said, unplaced and not flags)
