"""Turn what a person types into what Alexa's NLU would send: a launch, or an intent with slots.

Built from the skill's own interaction model (skill-package/interactionModels/custom/<locale>.json):
every sample utterance becomes a pattern with its `{slot}` placeholders, custom slot values and
synonyms resolve to their canonical id (entity resolution), AMAZON.TIME slots produce Alexa's time
format ("21:00", or "NI"/"EV"/"MO"/"AF"), and the model's built-in intents answer to common phrases.
Matching is exact first, then the best fuzzy match by weighted word overlap. When no sample is close, the
words' evidence across all of each intent's samples (a naive Bayes vote, as a statistical NLU generalises
from its samples) decides: it picks an intent when no sample is near enough, and overrides a middling
match when it clearly says another intent; else AMAZON.FallbackIntent, as Alexa would.

What is general about a language (its words for yes, next and help, how a skill is opened, filler and
stop words, stemming, how times and numbers are said) is a `Language`: English here, Spanish in
`simulator/spanish.py`. Nothing in either is about this skill's topics.
"""

from __future__ import annotations

import functools
import importlib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import envelopes

MODELS_DIR = Path(__file__).resolve().parents[1] / "skill-package/interactionModels/custom"
DEFAULT_MODEL = MODELS_DIR / "en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
FUZZY_THRESHOLD = 0.5  # weighted word overlap below which Alexa would not pick an intent
# The model's fallbackIntentSensitivity raises that bar: the higher, the more goes to the fallback.
SENSITIVITY_THRESHOLDS = {"LOW": 0.45, "MEDIUM": FUZZY_THRESHOLD, "HIGH": 0.56}
MENTION_COVERAGE_WEIGHT = 0.6  # a sample found whole, with its slot value, inside a longer sentence
STRONG_FUZZY = 0.75  # overlap that beats an exact match whose slot value resolved to nothing
# Alexa fills a custom slot with a phrase like its values, not with a whole clause: words no value names
# fill a slot only when they are no longer than the type's longest value and this many words more.
SLOT_SLACK_WORDS = 2
# The vote when no sample is near: smoothing of each word's count per intent, the share of the vote an
# intent needs, and how many of the sentence's content words must be words of the model at all.
EVIDENCE_SMOOTHING = 0.5
EVIDENCE_CONFIDENCE = 0.5
EVIDENCE_MIN_WORDS = 2
# A slot in a sample stands for one of its type's values, so a word of those values counts by the share of
# values that use it, damped (values are not said equally often): a type with hundreds of values does not
# lend every one of their words to each sample that carries it.
SLOT_WORD_DAMPING = 0.65
# A fuzzy match below this overlap yields to a clear vote for another intent: a long sentence sharing a few
# words with one short sample says less than all its words do together.
VOTE_OVERRIDES_BELOW = 0.65
MAX_CACHED_TOKENS = 100_000  # the samples' and recent sentences' stems, kept between calls

BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "yes please",
        "sure",
        "ok",
        "okay",
        "please do",
        "go ahead",
        "of course",
        "why not",
        "alright",
        "all right",
    ),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "not now", "nah", "not really"),
    "AMAZON.StopIntent": (
        "stop",
        "quit",
        "shut up",
        "goodbye",
        "bye",
        "good night",
        "be quiet",
        "off",
        "enough",
        "i'm done",
        "i'm finished",
        "i am done",
        "i am finished",
        "that's enough",
        "thanks that's all",
    ),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it"),
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "what can i say",
        "what can you do",
        "how does this work",
        "i need help",
        "what are my options",
    ),
    "AMAZON.NextIntent": (
        "next",
        "next step",
        "continue",
        "go on",
        "keep going",
        "carry on",
        "i'm ready",
        "ready",
        "done",
        "what's next",
        "next one",
    ),
    "AMAZON.PreviousIntent": ("previous", "go back", "back", "previous step", "last step", "the step before"),
    "AMAZON.RepeatIntent": (
        "repeat",
        "say that again",
        "what",
        "repeat that",
        "pardon",
        "sorry",
        "come again",
        "say again",
        "what did you say",
        "again",
        "what was that",
        "what was that last part",
        "say the last part again",
        "what did you just say",
    ),
    "AMAZON.StartOverIntent": (
        "start over",
        "restart",
        "from the beginning",
        "start again",
        "begin again",
        "from the top",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "main menu", "home", "menu"),
    "AMAZON.PauseIntent": (
        "pause",
        "pause it",
        "pause this",
        "pause the stretch",
        "pause please",
        "wait",
        "wait a second",
        "wait a minute",
        "hold on",
        "hang on",
        "hold on a minute",
        "hang on a minute",
        "give me a minute",
        "take a break",
    ),
    "AMAZON.ResumeIntent": (
        "resume",
        "resume it",
        "resume the stretch",
        "unpause",
        "pick up where i left off",
        "carry on where i left off",
        "continue where i left off",
        "carry on from where i left off",
        "where was i",
    ),
}
LAUNCH_VERBS = ("open", "start", "launch", "begin", "run", "load", "play", "talk to", "use", "enable")
ONE_SHOT_VERBS = ("ask", "tell", "open", "start", "launch", "use", "have")
ONE_SHOT_JOINERS = ("to", "for", "about", "if", "whether", "that", "and")
_STOPWORDS = frozenset(
    "a an the i i'm im me my to of for and or at in on is it it's its do does be "
    "are am you your can could some any this that with about please just".split()
)
_FILLER = re.compile(
    r"^(?:(?:my|the|a|an|some|more|lots of|a lot of|any|about|your|of)\s+)+"
    r"|(?:\s+(?:please|now|then|again|too))+$"
)
_POLITE = re.compile(
    r"^(?:(?:ok|okay|so|um|uh|hey|well|please|alexa|(?:can|could|would|will) you(?: please)?"
    r"|i'd like(?: to)?|i would like(?: to)?|i want to|i wanna|i need to|let's)\s+)+"
)
_PERIODS = {
    "night": "NI",
    "tonight": "NI",
    "at night": "NI",
    "bedtime": "NI",
    "at bedtime": "NI",
    "evening": "EV",
    "this evening": "EV",
    "in the evening": "EV",
    "morning": "MO",
    "this morning": "MO",
    "in the morning": "MO",
    "afternoon": "AF",
    "this afternoon": "AF",
    "in the afternoon": "AF",
    "noon": "12:00",
    "midday": "12:00",
    "midnight": "00:00",
}
_UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve "
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


@dataclass
class Resolution:
    """What Alexa understood: a launch, or an intent with the heard and resolved slot values."""

    kind: str  # "launch" | "intent"
    intent: str | None = None
    slots: dict[str, str | None] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)
    invoked: bool = False  # the utterance named the skill ("open …", "ask … to …")
    score: float = 1.0  # 1.0 for an exact pattern match
    built_in_slots: tuple[str, ...] = ()  # AMAZON.* typed slots: Alexa sends no resolutions for them

    def request(self) -> dict[str, Any]:
        """The request body for `simulator.envelopes` (LaunchRequest or IntentRequest)."""
        if self.kind == "launch":
            return envelopes.launch_request()
        return envelopes.intent_request(
            self.intent or FALLBACK, slots=self.slots, resolved=self.resolved, built_in_slots=self.built_in_slots
        )


@dataclass
class _Pattern:
    intent: str
    regex: re.Pattern[str]
    literal: list[str]  # the sample's words without its slots
    slots: list[str]


@dataclass
class _Candidate:
    intent: str
    slots: dict[str, str]
    resolved: dict[str, str]
    rank: tuple[int, ...]


class Nlu:
    """Resolves utterances against one interaction model (see module docstring)."""

    def __init__(self, model: dict[str, Any], language_code: str = "en") -> None:
        self.language = language_for(language_code)
        language = model.get("interactionModel", model).get("languageModel", model)
        self.invocation = normalise(language["invocationName"])
        sensitivity = language.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {}).get("level", "LOW")
        self.threshold = SENSITIVITY_THRESHOLDS.get(sensitivity, FUZZY_THRESHOLD)
        self.intent_slots: dict[str, dict[str, str]] = {
            intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for intent in language["intents"]
        }
        self.values: dict[str, dict[str, str]] = {}  # type → normalised phrase → canonical id
        self.longest: dict[str, int] = {}  # type → the most words one of its values or synonyms has
        for slot_type in language.get("types", []):
            phrases = self.values.setdefault(slot_type["name"], {})
            for value in slot_type.get("values", []):
                name = value["name"]
                canonical = value.get("id") or name["value"]
                for phrase in [name["value"], *name.get("synonyms", [])]:
                    phrases.setdefault(normalise(phrase), canonical)
            self.longest[slot_type["name"]] = max((len(phrase.split()) for phrase in phrases), default=0)
        self.patterns: list[_Pattern] = []
        # Intents the model itself gives samples; a built-in one known only by the console's few commands
        # ("menu", "go home") has too few words to weigh a long sentence's: every word it lacks would count
        # against it hardly at all, so it would win the vote on noise.
        self.voters = {intent["name"] for intent in language["intents"] if intent.get("samples")}
        for intent in language["intents"]:
            samples = list(intent.get("samples", [])) + list(self.language.built_in_phrases.get(intent["name"], ()))
            self.patterns.extend(_compile(intent["name"], sample) for sample in samples)
        self.weigh_when_unsure = True
        self.token_cache: dict[str, dict[str, float]] = {}  # words -> weighted stems (samples recur every call)
        # each intent's samples as content-word stems, a slot standing for one of its type's values (a share of
        # each value word) and for the fact that a value of its type was said
        self.evidence: dict[str, dict[str, float]] = {}
        self.sample_counts: Counter[str] = Counter()
        value_words = {slot_type: self._value_word_shares(phrases) for slot_type, phrases in self.values.items()}
        for pattern in self.patterns:
            said: dict[str, float] = {}
            for name in pattern.slots:
                slot_type = self.intent_slots[pattern.intent][name]
                if not slot_type.startswith("AMAZON."):
                    said[_type_token(slot_type)] = 1.0  # a value of this type was said
                for stem, share in value_words.get(slot_type, {}).items():
                    said[stem] = max(said.get(stem, 0.0), share)
            literal = (word for word in pattern.literal if word not in self.language.stopwords)
            said.update((self.language.stem(word), 1.0) for word in literal)
            counts = self.evidence.setdefault(pattern.intent, {})
            for stem, weight in said.items():
                counts[stem] = counts.get(stem, 0.0) + weight
            self.sample_counts[pattern.intent] += 1
        self.vocabulary = {stem for counts in self.evidence.values() for stem in counts if stem[0] != "<"}
        # A word an intent's samples never use is equally unlikely for every intent: were it smoothed by each
        # intent's own sample count, the intent with the fewest samples would win every unfamiliar sentence.
        voting = [self.sample_counts[intent] for intent in self.voters if self.sample_counts[intent]]
        typical = sorted(voting)[len(voting) // 2] if voting else 1
        self.unseen_word = math.log(EVIDENCE_SMOOTHING / (typical + 2 * EVIDENCE_SMOOTHING))

    def _value_word_shares(self, phrases: Mapping[str, str]) -> dict[str, float]:
        """Each content word's damped share of a slot type's values and synonyms (see SLOT_WORD_DAMPING)."""
        uses: Counter[str] = Counter()
        for phrase in phrases:
            uses.update({self.language.stem(word) for word in phrase.split() if word not in self.language.stopwords})
        return {stem: (count / len(phrases)) ** SLOT_WORD_DAMPING for stem, count in uses.items()}

    @classmethod
    def from_model_file(cls, path: Path | str = DEFAULT_MODEL, language_code: str | None = None) -> Nlu:
        """The NLU of a model file; its language from the file's locale name (es-US.json: Spanish)."""
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), language_code or Path(path).stem.split("-")[0])

    @classmethod
    def for_locale(cls, locale: str) -> Nlu:
        """The NLU of a published locale's model."""
        return cls.from_model_file(MODELS_DIR / f"{locale}.json", locale.split("-")[0])

    def resolve(self, text: str) -> Resolution:
        """Launch, one-shot ("ask leg cramp helper to …") or an in-session utterance."""
        lang = self.language
        words = re.sub(r"^(alexa|echo|computer)\b\s*", "", normalise(text))
        invocation = re.escape(self.invocation)
        verbs = "|".join(lang.launch_verbs + lang.one_shot_verbs)
        before, after = lang.before_name, lang.after_name
        if re.fullmatch(rf"(?:(?:{verbs}) )?{before}{invocation}{after}", words):
            return Resolution("launch", invoked=True)
        match = re.fullmatch(
            rf"(?:{'|'.join(lang.one_shot_verbs)}) {before}{invocation} "
            rf"(?:({'|'.join(lang.one_shot_joiners)}) )?(.+)",
            words,
        ) or re.fullmatch(rf"()(.+?) (?:{'|'.join(lang.name_prepositions)}) {before}{invocation}", words)
        if match:
            joiner, rest = match.group(1), match.group(2)
            resolution = self._intent(rest)
            if joiner:  # "pregúntale a … qué causa…": the joiner may be the request's own first word
                whole = self._intent(f"{joiner} {rest}")
                resolution = whole if whole.score > resolution.score else resolution
            resolution.invoked = True
            return resolution
        return self._intent(words)

    def _intent(self, words: str) -> Resolution:
        if not words:
            return self._resolution(FALLBACK, {}, {}, 0.0)
        candidates = [c for c in (self._exact(p, words) for p in self.patterns) if c is not None]
        if not candidates:
            return self._fuzzy(words)
        best = max(candidates, key=lambda c: c.rank)
        exact = self._resolution(best.intent, best.slots, best.resolved, 1.0)
        if best.rank[0]:
            return exact
        # "is it {cause}" swallowing "is it restless leg syndrome": a strong fuzzy match wins
        fuzzy = self._fuzzy(words)
        return fuzzy if fuzzy.intent != exact.intent and fuzzy.score >= STRONG_FUZZY else exact

    def _exact(self, pattern: _Pattern, words: str) -> _Candidate | None:
        match = pattern.regex.fullmatch(words)
        if match is None:
            return None
        slots, resolved, unresolved = {}, {}, 0
        for name in pattern.slots:
            heard = match.group(name).strip()
            value, canonical = self._slot_value(pattern.intent, name, heard)
            if value is None:
                return None  # e.g. a TIME slot filled with words that are not a time
            slots[name] = value
            slot_type = self.intent_slots[pattern.intent][name]
            if canonical is not None:
                resolved[name] = canonical
            elif not slot_type.startswith("AMAZON."):
                if len(value.split()) > self.longest.get(slot_type, 0) + SLOT_SLACK_WORDS:
                    return None  # a clause, not a value: the sample does not match
                unresolved += 1
        if unresolved and not pattern.literal:
            return None  # a bare "{slot}" sample only catches the slot's own values
        return _Candidate(pattern.intent, slots, resolved, (unresolved == 0, len(resolved), len(pattern.literal)))

    def _slot_value(self, intent: str, slot: str, heard: str) -> tuple[str | None, str | None]:
        """(value Alexa sends, canonical id or None). None as value: the words cannot fill the slot."""
        slot_type = self.intent_slots[intent][slot]
        if slot_type == "AMAZON.TIME":
            return self.language.parse_time(heard), None
        if slot_type == "AMAZON.NUMBER":
            number = self.language.parse_number(heard)
            return (str(number) if number is not None else None), None
        if slot_type == "AMAZON.DURATION":
            return self.language.parse_duration(heard), None
        values = self.values.get(slot_type, {})
        # entity resolution shrugs off filler around a value: "my water pills", "hamstring please"
        return heard, values.get(heard) or values.get(self.language.filler.sub("", heard).strip())

    def _tokens(self, words: str) -> dict[str, float]:
        tokens = self.token_cache.get(words)
        if tokens is None:
            if len(self.token_cache) > MAX_CACHED_TOKENS:
                self.token_cache.clear()
            tokens = self.token_cache[words] = _tokens(words, self.language)
        return tokens

    def _fuzzy(self, words: str) -> Resolution:
        words = self.language.polite.sub("", words) or words
        tokens = self._tokens(words)
        best: tuple[float, str] = (0.0, FALLBACK)
        # samples of one intent with the same slots are filled alike: fill each such group once
        fills: dict[tuple[str, tuple[str, ...]], tuple[list[str], str]] = {}
        for pattern in self.patterns:
            group = (pattern.intent, tuple(pattern.slots))
            if group not in fills:
                _, _, added_words, said_words = self._fill(pattern.intent, pattern.slots, words)
                fills[group] = (added_words, said_words)
            added, said = fills[group]
            sample = " ".join(pattern.literal + added)
            heard = tokens if said == words else self._tokens(said)
            score = _overlap(heard, self._tokens(sample))
            # A slot value said inside a longer sentence: how much of the sample it carries counts too.
            # ...when it carries two words that aren't stopwords: "el de {stretch}" is found in anything
            content = [word for word in sample.split() if word not in self.language.stopwords]
            if added and len(pattern.literal) >= 2 and len(content) >= 2:
                score = max(score, MENTION_COVERAGE_WEIGHT * _coverage(heard, self._tokens(sample)))
            if score > best[0]:
                best = (score, pattern.intent)
        score, intent = best
        if score < VOTE_OVERRIDES_BELOW and self.weigh_when_unsure:
            voted = self._vote(words)
            if voted != FALLBACK or score < self.threshold:  # an unsure vote leaves a near-enough match be
                intent = voted
        elif score < self.threshold:
            intent = FALLBACK
        if intent == FALLBACK:
            return self._resolution(FALLBACK, {}, {}, score)
        slots, resolved, _, _ = self._fill(intent, list(self.intent_slots[intent]), words)
        return self._resolution(intent, slots, resolved, score)

    def _vote(self, words: str) -> str:
        """The intent whose samples' words best explain `words` (naive Bayes), when it wins the vote
        clearly; the fallback otherwise, or when too few of the words are the model's at all."""
        known = [
            stem
            for word in words.split()
            if word not in self.language.stopwords and (stem := self.language.stem(word)) in self.vocabulary
        ]
        if len(known) < EVIDENCE_MIN_WORDS:
            return FALLBACK
        # which slot types' values were said counts too, as a statistical NLU weighs a catalogue match
        known += [_type_token(slot_type) for slot_type in self.values if self._mentions(slot_type, words)]
        smoothing = EVIDENCE_SMOOTHING
        scores = {
            intent: sum(
                math.log((counts[stem] + smoothing) / (self.sample_counts[intent] + 2 * smoothing))
                if counts.get(stem)
                else self.unseen_word
                for stem in known
            )
            for intent, counts in self.evidence.items()
            if intent in self.voters
        }
        top = max(scores.values())
        best = max(scores, key=lambda intent: scores[intent])
        share = 1 / sum(math.exp(score - top) for score in scores.values())
        return best if share >= EVIDENCE_CONFIDENCE else FALLBACK

    def _fill(self, intent: str, names: list[str], words: str) -> tuple[dict[str, str], dict[str, str], list[str], str]:
        """Fill slots `names` from values of their types mentioned anywhere in `words`: (slots,
        resolved ids, the custom values' words, `words` less any time a TIME slot took)."""
        slots: dict[str, str] = {}
        resolved: dict[str, str] = {}
        added: list[str] = []
        mentions: list[tuple[str, tuple[str, str]]] = []
        for name in names:
            slot_type = self.intent_slots[intent][name]
            if slot_type in ("AMAZON.TIME", "AMAZON.DURATION"):
                parse = self.language.parse_time if slot_type == "AMAZON.TIME" else self.language.parse_duration
                found = _longest_value_in(words, parse, self.language.longest_time)
                if found:
                    slots[name], span = found
                    words = " ".join(f" {words} ".replace(f" {span} ", " ").split())
                continue
            mentions += [(name, mention) for mention in self._mentions(slot_type, words)]
        # One stretch of words fills one slot, the longest value first: "agua caliente" is a remedy, and its
        # "caliente" is not a symptom as well, even when another remedy said took the remedy slot. Two slots
        # of one type take two different values ("is {medicine} better than {otherMedicine}").
        slots_for: dict[tuple[str, str], list[str]] = {}
        for name, mention in sorted(mentions, key=lambda item: -len(item[1][0].split())):
            slots_for.setdefault(mention, []).append(name)
        named: list[str] = []
        for mention, names_for in slots_for.items():
            if any(f" {mention[0]} " in f" {taken} " for taken in named):
                continue
            named.append(mention[0])
            free = next((name for name in names_for if name not in slots), None)
            if free is not None:
                slots[free], resolved[free] = mention
                added.append(mention[0])
        return slots, resolved, added, words

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one Nlu per model, kept for the process)
    def _mentions(self, slot_type: str, words: str) -> tuple[tuple[str, str], ...]:
        """Every value or synonym of `slot_type` said somewhere in `words` (whole words), longest first."""
        values = self.values.get(slot_type, {})
        found: dict[str, str] = {}
        for said in {words, re.sub(r"(?<=\w)'(?:s|ve|re|ll|d|m)\b", "", words)}:  # "calf's been" says "calf"
            parts = said.split()
            found.update(
                (phrase, values[phrase])
                for size in range(1, min(len(parts), 8) + 1)
                for start in range(len(parts) - size + 1)
                if (phrase := " ".join(parts[start : start + size])) in values
            )
        return tuple(sorted(found.items(), key=lambda item: -len(item[0])))

    def _resolution(self, intent: str, slots: dict[str, str], resolved: dict[str, str], score: float) -> Resolution:
        every_slot: dict[str, str | None] = dict.fromkeys(self.intent_slots.get(intent, {}))
        every_slot.update(slots)
        built_in = tuple(name for name, kind in self.intent_slots.get(intent, {}).items() if kind.startswith("AMAZON."))
        return Resolution("intent", intent, every_slot, dict(resolved), score=score, built_in_slots=built_in)


# -- text ----------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lowercase, accents folded ("recuérdame", "recuerdame"), no punctuation except apostrophes and
    time colons, single spaces."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"\b([ap])\.\s?m\.?", r"\1m", text)
    text = re.sub(r"(?<=\d):(?=\d)", "\x00", text)  # keep 9:30
    text = re.sub(r"[^a-z0-9'\x00{}\s]", " ", text)
    text = re.sub(r"(^|\s)'+|'+(\s|$)", r"\1\2", text)
    return " ".join(text.replace("\x00", ":").split())


def _compile(intent: str, sample: str) -> _Pattern:
    names = re.findall(r"\{(\w+)\}", sample)
    # each slot as a placeholder normalising leaves alone ("{other_medicine}" would lose its underscore)
    numbers = iter(range(len(names)))
    words = normalise(re.sub(r"\{\w+\}", lambda _: f"{{{next(numbers)}}}", sample))
    parts = re.split(r"\{(\d+)\}", words)
    regex = ""
    literal: list[str] = []
    slots: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:
            name = names[int(part)]
            slots.append(name)
            regex += rf"(?P<{name}>.+?)"
        else:
            regex += re.escape(part)
            literal.extend(part.split())
    return _Pattern(intent, re.compile(regex), literal, slots)


def _type_token(slot_type: str) -> str:
    """The vote's word for "a value of this slot type was said" (no spoken word looks like it)."""
    return f"<{slot_type}>"


def stem_english(word: str) -> str:
    word = word.replace("'", "")
    if re.fullmatch(r"o+w+|ou+ch+|a+r+g+h*|ugh+", word):
        return "ow"  # every sound of pain is the same word
    for suffix, keep in (("ing", 4), ("ches", 4), ("shes", 4), ("ed", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            return word[: -len(suffix)] + ("ch" if suffix == "ches" else "sh" if suffix == "shes" else "")
    return word


def _tokens(words: str, language: Language) -> dict[str, float]:
    return {language.stem(w): (0.25 if w in language.stopwords else 1.0) for w in words.split()}


def _coverage(heard: dict[str, float], sample: dict[str, float]) -> float:
    """How much of the sample's weight the utterance says (1.0: all of it, whatever else was said)."""
    total = sum(sample.values())
    return sum(weight for token, weight in sample.items() if token in heard) / total if total else 0.0


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice coefficient: shared weight over the average weight of both."""
    shared = sum(weight for token, weight in a.items() if token in b)
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


# -- AMAZON.TIME and AMAZON.NUMBER --------------------------------------------------------------


def parse_number(text: str) -> int | None:
    """'21', 'nine', 'twenty one', 'forty-five' → an int (0-59 in words); None otherwise."""
    words = text.replace("-", " ").split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if len(words) == 1:
        return _UNITS.get(words[0], _TENS.get(words[0]))
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS and 0 < _UNITS[words[1]] < 10:
        return _TENS[words[0]] + _UNITS[words[1]]
    return None


def parse_time(text: str) -> str | None:
    """What Alexa puts in an AMAZON.TIME slot: 'HH:MM', or 'MO'/'AF'/'EV'/'NI'. None: not a time."""
    words = normalise(text).replace("o'clock", "").replace("oclock", "")
    words = re.sub(r"^(at|for|by|around|about|every|each)\s+", "", " ".join(words.split()))
    words = re.sub(r"\s+(?:every|each) (?:night|evening)$|\s+nightly$", " at night", words)
    words = re.sub(r"\s+(?:every|each) morning$", " in the morning", words)
    words = re.sub(r"\s+(?:every day|each day|daily)$", "", words)
    if words in _PERIODS:
        return _PERIODS[words]
    meridiem = None
    match = re.fullmatch(
        r"(.+?)\s*(am|pm|in the morning|in the afternoon|in the evening"
        r"|at night|tonight|this evening)",
        words,
    )
    if match:
        words, meridiem = match.group(1).strip(), match.group(2)
    clock = _clock(words)
    if clock is None:
        return None
    hour, minute = clock
    if meridiem in ("pm", "in the afternoon", "in the evening", "at night", "tonight", "this evening"):
        if hour > 12:
            return None if meridiem == "pm" else f"{hour:02d}:{minute:02d}"
        if hour < 12 and not (meridiem == "at night" and hour < 4):
            hour += 12
    elif meridiem in ("am", "in the morning"):
        if hour > 12:
            return None
        hour = 0 if hour == 12 else hour
    return f"{hour:02d}:{minute:02d}"


_DURATION_UNITS = {
    "second": "S",
    "seconds": "S",
    "sec": "S",
    "secs": "S",
    "minute": "M",
    "minutes": "M",
    "min": "M",
    "mins": "M",
    "hour": "H",
    "hours": "H",
}


def parse_duration(text: str) -> str | None:
    """What Alexa puts in an AMAZON.DURATION slot, ISO 8601: 'five minutes' -> 'PT5M', 'an hour and a half'
    -> 'PT1H30M', 'half a minute' -> 'PT30S', 'ninety seconds' -> 'PT90S'. None: not a duration."""
    words = re.sub(
        r"^(?:about|around|roughly|nearly|almost|over|for|maybe|like|just)\s+", "", normalise(text).replace("-", " ")
    )
    halves = {
        "half a minute": "PT30S",
        "half an hour": "PT30M",
        "a minute and a half": "PT1M30S",
        "an hour and a half": "PT1H30M",
        "a minute": "PT1M",
        "an hour": "PT1H",
        "a second": "PT1S",
        "a few seconds": "PT5S",
        "a few minutes": "PT3M",
        "a couple of minutes": "PT2M",
    }
    if words in halves:
        return halves[words]
    words = re.sub(r"^(.+?) and a half (seconds?|minutes?|hours?)$", r"\1 \2 and a half", words)
    match = re.fullmatch(r"(.+?) (seconds?|secs?|minutes?|mins?|hours?)(?: and a half)?", words)
    if match is None:
        return None
    number = _count(match.group(1))
    if not number:
        return None
    unit = _DURATION_UNITS[match.group(2)]
    if words.endswith("and a half"):
        minor = {"H": ("M", 30), "M": ("S", 30)}.get(unit)
        return f"PT{number}{unit}{minor[1]}{minor[0]}" if minor else None
    return f"PT{number}{unit}"


def _count(text: str) -> int | None:
    """'5', 'five', 'forty five', 'ninety', 'a couple of', 'a few' -> how many (0-99)."""
    big = {"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
    parts = text.replace("-", " ").split()
    if text in ("a", "an", "one"):
        return 1
    if text in ("a couple of", "a couple", "couple of"):
        return 2
    if parts and parts[0] in big and (len(parts) == 1 or (len(parts) == 2 and 0 < _UNITS.get(parts[1], 0) < 10)):
        return big[parts[0]] + (_UNITS[parts[1]] if len(parts) == 2 else 0)
    return parse_number(text)


def _longest_value_in(words: str, parse: Callable[[str], str | None], longest: int) -> tuple[str, str] | None:
    """(Alexa's value, the words) for the longest run of at most `longest` words in `words` that `parse`
    reads (a time, a duration)."""
    parts = words.split()
    for size in range(min(len(parts), longest), 0, -1):
        for start in range(len(parts) - size + 1):
            span = " ".join(parts[start : start + size])
            value = parse(span)
            if value:
                return value, span
    return None


def _clock(words: str) -> tuple[int, int] | None:
    """'9', '9:30', '21:00', '930', 'nine', 'nine thirty', 'half past nine', 'quarter to ten'."""
    hour: int | None
    minute: int | None
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", words) or re.fullmatch(r"(\d{1,2})(\d{2})", words)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        return (hour, minute) if hour < 24 and minute < 60 else None
    match = re.fullmatch(r"(half|quarter|[a-z ]+?|\d+)(?: minutes?)? (past|after|to|before) (.+)", words)
    if match:
        minutes = {"half": 30, "quarter": 15}.get(match.group(1))
        minutes = minutes if minutes is not None else parse_number(match.group(1))
        hour = parse_number(match.group(3))
        if minutes is None or hour is None or not (0 < minutes < 60 and hour < 24):
            return None
        if match.group(2) in ("to", "before"):
            return (hour - 1) % 24 if hour else 23, 60 - minutes
        return hour, minutes
    parts = words.split()
    for split in range(1, len(parts) + 1):  # "nine", "nine thirty", "ten oh five", "twelve forty five"
        hour = parse_number(" ".join(parts[:split]))
        rest = parts[split:]
        if hour is None or hour > 23:
            continue
        if not rest:
            return hour, 0
        if rest[0] in ("oh", "o") and len(rest) == 2:
            minute = parse_number(rest[1])
            return (hour, minute) if minute is not None and minute < 10 else None
        minute = parse_number(" ".join(rest))
        if minute is not None and 10 <= minute < 60:
            return hour, minute
    return None


# -- languages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    """What the NLU needs to know about a language in general (never about the skill's topics)."""

    code: str
    built_in_phrases: Mapping[str, tuple[str, ...]]
    launch_verbs: tuple[str, ...]
    one_shot_verbs: tuple[str, ...]
    one_shot_joiners: tuple[str, ...]
    name_prepositions: tuple[str, ...]  # "… using leg cramp helper"
    before_name: str  # regex said between the verb and the skill's name ("the ")
    after_name: str  # regex said after the skill's name (" skill")
    stopwords: frozenset[str]
    filler: re.Pattern[str]  # words around a slot value that entity resolution ignores
    polite: re.Pattern[str]  # a leading "could you please" that carries no intent
    stem: Callable[[str], str]
    parse_time: Callable[[str], str | None]
    parse_number: Callable[[str], int | None]
    parse_duration: Callable[[str], str | None]
    longest_time: int = 6  # the most words a spoken time or duration takes ("a quarter to ten at night")


ENGLISH = Language(
    code="en",
    built_in_phrases=BUILT_IN_PHRASES,
    launch_verbs=LAUNCH_VERBS,
    one_shot_verbs=ONE_SHOT_VERBS,
    one_shot_joiners=ONE_SHOT_JOINERS,
    name_prepositions=("using", "with", "from", "on"),
    before_name="(?:the )?",
    after_name="(?: skill)?",
    stopwords=_STOPWORDS,
    filler=_FILLER,
    polite=_POLITE,
    stem=stem_english,
    parse_time=parse_time,
    parse_number=parse_number,
    parse_duration=parse_duration,
)
# Other languages live in their own modules, each defining LANGUAGE.
LANGUAGE_MODULES = {"es": "simulator.spanish"}


@functools.cache
def language_for(code: str) -> Language:
    """The Language for a language code ("en", "es"); English for any other."""
    if code in LANGUAGE_MODULES:
        language: Language = importlib.import_module(LANGUAGE_MODULES[code]).LANGUAGE
        return language
    return ENGLISH
