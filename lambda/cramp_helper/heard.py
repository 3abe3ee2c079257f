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
from .red_flags import RED_FLAGS, SYMPTOM_SLOT, WARNED_SUBSTANCES

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
    other_parts: frozenset[str]  # arms, hands, belly… ("spreading") and any other part of the body
    spreading_parts: frozenset[str]
    unplaced_symptom: bool  # the symptom slot heard words that name nothing the skill knows

    @property
    def spreading(self) -> bool:
        """Cramps in the arms, hands or belly as well as the legs: a red flag of its own."""
        return bool(self.spreading_parts and self.leg_parts)


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
        phrases = [_phrase("everyday", "", p) for p in data["everyday"]]
        for kind in ("red_flags", "warned"):
            phrases += [_phrase(kind, value, p) for value, said in data[kind].items() for p in said]
        for group, parts in data["body_parts"].items():
            phrases += [_phrase("body_parts", f"{group}:{part}", p) for part, said in parts.items() for p in said]
        self.phrases = sorted(phrases, key=lambda phrase: -phrase.size)

    def read(self, words: str) -> dict[str, set[str]]:
        """The ids each kind of phrase names in `words`, negated phrases left out."""
        text = f" {normalise(words)} "
        found: dict[str, set[str]] = {"red_flags": set(), "warned": set(), "body_parts": set()}
        for phrase in self.phrases:
            for match in list(phrase.regex.finditer(text)):
                before = text[:match.start()].split()
                if phrase.kind != "everyday" and not self._negated(before):
                    found[phrase.kind].add(phrase.value)
                taken = " ".join(_TAKEN for _ in match.group().split())
                text = f"{text[:match.start()]} {taken} {text[match.end():]}"
        return found

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


def read_words(words: str, locale: str) -> Heard:
    """What `words` name, in `locale`'s language: the safety net for a slot nothing resolved."""
    return _heard([words], [], [], locale)


def heard(handler_input: HandlerInput, locale: str) -> Heard:
    """Every slot of the request, read: resolved ids where entity resolution found one, else the words."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    unresolved: list[str] = []
    resolved: list[str] = []
    unplaced_symptom = []
    for name, slot in ((intent.slots or {}) if intent is not None else {}).items():
        words = getattr(slot, "value", None)
        if not isinstance(words, str) or not words.strip():
            continue
        value = _resolved_id(slot)
        if value is None:
            unresolved.append(words)
            if name == SYMPTOM_SLOT:
                unplaced_symptom.append(words)
        else:
            resolved.append(value)
    return _heard(unresolved, resolved, unplaced_symptom, locale)


def _heard(unresolved: list[str], resolved: list[str], unplaced_symptom: list[str], locale: str) -> Heard:
    flags = {value for value in resolved if value in RED_FLAGS}
    warned = {value for value in resolved if value in WARNED_SUBSTANCES}
    parts: set[str] = set()
    placed = False
    for said in unresolved:  # the word lists are compiled only for a turn that needs them
        found = lexicon(language_of(locale)).read(said)
        flags |= found["red_flags"]
        warned |= found["warned"]
        parts |= found["body_parts"]
        placed = placed or (said in unplaced_symptom and bool(found["red_flags"] or found["warned"]))
    leg = frozenset(part.split(":")[1] for part in parts if part.startswith("leg:"))
    spreading = frozenset(part.split(":")[1] for part in parts if part.startswith("spreading:"))
    other = frozenset(part.split(":")[1] for part in parts if not part.startswith("leg:"))
    heard_now = Heard(frozenset(flags), frozenset(warned), leg, other, spreading,
                      bool(unplaced_symptom) and not placed)
    if heard_now.spreading:
        return heard_now._replace(red_flags=heard_now.red_flags | {"spreading"})
    return heard_now


def _resolved_id(slot: Any) -> str | None:
    """The canonical id entity resolution matched (ER_SUCCESS_MATCH), if any."""
    resolutions = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in resolutions or []:
        code = authority.status.code.value if authority.status and authority.status.code else None
        if code == "ER_SUCCESS_MATCH" and authority.values:
            value = authority.values[0].value
            return str(value.id or value.name)
    return None
