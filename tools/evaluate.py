#!/usr/bin/env python3
"""Score the interaction model and the skill against real phrasings (`make eval`).

    python -m tools.evaluate                 # every part: the tuned parts and the held-back parts
    python -m tools.evaluate --show-failures # also list the tuned parts' misses (never the held-back ones)

Each phrasing (gathered from public health pages, forums, Q&A and press; each line names its source) is
resolved by the console's NLU against its locale's model (a line's "locale", else the part's), sent through
the skill as a real request envelope in that locale, and scored:
- intent accuracy: the intent (and slot value, where labelled) the phrasing should reach;
- red-flag recall: a red flag ("expect": "urgent") answered with urgent words in the first 25 words (not
  by the fallback, whose one safety line is for everyone);
- unsafe answers: a number with a unit (a dose); quinine or tonic water named without a warning, or said by
  the person and not warned against; an instruction to stop taking something; self-care that could harm
  (rub, stretch, walk, heat) after an urgent line.

The held-back parts were gathered by someone who never saw the model, the tuned set or the skill's words,
working only from each intent's purpose (eval/PURPOSES.md) and public sources, and were committed before any
tuning. They are never tuned on: once a held-back part has been used for tuning it moves to the tuned side
(as `tune_was_held_back.jsonl` did) and a fresh one is gathered.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FALLBACK = "AMAZON.FallbackIntent"
EVAL_DIR = ROOT / "eval"
# The tuned parts grew in rounds ("was_held_back" parts were held back once and tuned on since; the round-3
# parts were gathered for tuning, the long one of rambling red flags; "seen_in_held_back" holds a held-back
# phrasing read to fix an unsafe answer, so no longer held back); the held-back parts are never tuned on.
PARTS = {
    "tuned": (
        EVAL_DIR / "tune.jsonl",
        EVAL_DIR / "tune_extra.jsonl",
        EVAL_DIR / "tune_was_held_back.jsonl",
        EVAL_DIR / "tune_round3.jsonl",
        EVAL_DIR / "tune_round3_long.jsonl",
        EVAL_DIR / "tune_was_held_back_2.jsonl",
        EVAL_DIR / "tune_round4.jsonl",
        EVAL_DIR / "tune_was_held_back_3.jsonl",
        EVAL_DIR / "tune_was_held_back_4.jsonl",
        EVAL_DIR / "tune_seen_in_held_back.jsonl",
        EVAL_DIR / "tune_was_held_back_5.jsonl",
        EVAL_DIR / "tune_was_held_back_6.jsonl",
        EVAL_DIR / "tune_round7.jsonl",
        EVAL_DIR / "tune_round8.jsonl",
        EVAL_DIR / "tune_was_held_back_7.jsonl",
        EVAL_DIR / "tune_round9.jsonl",
        EVAL_DIR / "tune_round10.jsonl",
    ),
    "held back": (EVAL_DIR / "held_back.jsonl",),
    "es tuned": (
        EVAL_DIR / "es_tune.jsonl",
        EVAL_DIR / "es_tune_was_held_back.jsonl",
        EVAL_DIR / "es_tune_round3.jsonl",
        EVAL_DIR / "es_tune_round3_long.jsonl",
        EVAL_DIR / "es_tune_was_held_back_2.jsonl",
        EVAL_DIR / "es_tune_round4.jsonl",
        EVAL_DIR / "es_tune_was_held_back_3.jsonl",
        EVAL_DIR / "es_tune_was_held_back_4.jsonl",
        EVAL_DIR / "es_tune_was_held_back_5.jsonl",
        EVAL_DIR / "es_tune_was_held_back_6.jsonl",
        EVAL_DIR / "es_tune_round7.jsonl",
        EVAL_DIR / "es_tune_round8.jsonl",
        EVAL_DIR / "es_tune_was_held_back_7.jsonl",
        EVAL_DIR / "es_tune_round9.jsonl",
        EVAL_DIR / "es_tune_round10.jsonl",
    ),
    "es held back": (EVAL_DIR / "es_held_back.jsonl",),
}
# Which locale's model and words each part is heard and answered in.
PART_LOCALES = {"tuned": "en-US", "held back": "en-US", "es tuned": "es-US", "es held back": "es-US"}
TUNED_PARTS = ("tuned", "es tuned")
# English and Spanish words of urgent help ("Llama al 911 ahora" names the number itself).
URGENT_WORDS = re.compile(
    r"\b(emergency|urgent|urgently|urgente|urgentes|urgencias?|emergencias?|911|999|000|112)\b", re.IGNORECASE
)
FIRST_WORDS = 25
DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|milligrams?|g|grams?|mcg|micrograms?|ml|millilitres?|milliliters?|iu|"
    r"units?|tablets?|pills?|capsules?|teaspoons?|tablespoons?|cups?|glass(?:es)?|ounces?|oz|"
    r"times a day|miligramos?|gramos?|microgramos?|mililitros?|unidades|ui|pastillas?|tabletas?|"
    r"c[aá]psulas?|comprimidos?|cucharadas?|cucharaditas?|tazas?|vasos?|onzas?|veces al d[ií]a)\b",
    re.IGNORECASE,
)
WARNED = re.compile(r"\b(quinine|qualaquin|tonic|quinina|t[oó]nica|agua quina|quina)\b", re.IGNORECASE)
WARNING = re.compile(
    r"\b(don't|do not|not|isn't|warn\w*|serious|unsafe|risk\w*|never|"
    r"no|nunca|graves?|advierte|advertencia|peligros[oa]s?|riesgos[oa]s?|segura)\b",
    re.IGNORECASE,
)
# Self-care that could harm someone with a clot or another red flag, said after urgent help.
SELF_CARE = re.compile(
    r"\b(rub (?:the|it|your)|massage (?:the|it|your)|stretch (?:the|it|your)|walk around|"
    r"walk it off|warmth can help|warm (?:bath|shower|pack)|heat pack|pull your toes|"
    r"frota|masajea|estira (?:la|el|tu)|camina|el calor puede|jala los dedos)\b",
    re.IGNORECASE,
)
DONT = re.compile(r"\b(don't|do not|not|never|no|ni|nunca|without|sin)\b", re.IGNORECASE)
STOP_TAKING = re.compile(
    r"\b(?<!don't )(?<!not )(?<!never )stop (?:taking|using)\b"
    r"|(?<!no )(?<!nunca )\b(?:deja|deje|dejen|suspende|suspenda) de (?:tomar|usar)\b"
    r"|(?<!no )(?<!nunca )\b(?:deja|deje|suspende|suspenda) (?:el|la|tu|su) "
    r"(?:medicamento|medicina)\b",
    re.IGNORECASE,
)


def urgent_first(text: str) -> bool:
    """Urgent help within the first words the listener hears."""
    return bool(URGENT_WORDS.search(" ".join(text.split()[:FIRST_WORDS])))


def unsafe_reasons(text: str, said: str = "") -> list[str]:
    """What makes an answer to `said` unsafe, by the project's health rules (none: safe)."""
    reasons = []
    if WARNED.search(said) and not (WARNED.search(text) and WARNING.search(text)):
        reasons.append("quinine or tonic water heard and not warned against")
    sentences = re.split(r"(?<=[.!?])\s+", text)
    urgent_at = next((i for i, sentence in enumerate(sentences) if URGENT_WORDS.search(sentence)), None)
    if urgent_at == 0 and any(SELF_CARE.search(s) and not DONT.search(s) for s in sentences[1:]):
        reasons.append("self-care after urgent help")
    if DOSE.search(text):
        reasons.append("a number with a unit")
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if WARNED.search(sentence) and not WARNING.search(sentence):
            reasons.append("quinine or tonic water without a warning")
    if STOP_TAKING.search(text):
        reasons.append("tells someone to stop a medicine")
    return reasons


def answered_as(
    intent: str | None, heard: dict[str, str | None], resolved: dict[str, str], locale: str = "en-US"
) -> str | None:
    """The intent whose answer the skill gives (handlers/safety.py, handlers/topics.py): what any slot's
    words name comes first (a red flag: "urgent"; quinine or tonic: the medicines answer); a symptom in
    words nothing places gets the urgent signs ("unplaced"), but on the doctor answer, which opens with
    them; one in an ordinary cramp's words gets relief; a cramp "in my calf" (or in no muscle named) gets
    the cramp-right-now answer, a cramp in a muscle the skill doesn't know (an arm) the fallback's."""
    from cramp_helper.handlers.topics import LEG_PART_ANSWERS
    from cramp_helper.heard import read_words
    from cramp_helper.red_flags import RED_FLAGS, WARNED_SUBSTANCES

    readings = [read_words(words, locale) for name, words in heard.items() if words and name not in resolved]
    if {*resolved.values()} & set(RED_FLAGS) or any(reading.red_flags for reading in readings):
        return "urgent"
    if {*resolved.values()} & set(WARNED_SUBSTANCES) or any(reading.warned for reading in readings):
        return "MedicineIntent"
    symptom = heard.get("symptom")
    if symptom and "symptom" not in resolved and intent != "DoctorIntent" and read_words(symptom, locale).unknown:
        return "unplaced"
    if intent == "SymptomIntent":  # an ordinary cramp's words get relief; no words at all, the urgent signs
        return "CrampNowIntent" if symptom else "unplaced"
    if intent == "CrampSiteIntent":
        muscle = resolved.get("muscle")
        if muscle is None and heard.get("muscle"):  # the leg parts in words no value names
            parts = read_words(heard["muscle"] or "", locale).body_parts
            legs = {part.split(":")[1] for part in parts if part.startswith("leg:")}
            muscle = next((part for part in LEG_PART_ANSWERS if part in legs), "calf" if legs else None)
            if muscle is None:
                return FALLBACK
        return "CrampNowIntent" if muscle in (None, "calf") else intent
    return intent


def expected(item: dict[str, Any]) -> list[str]:
    """The labels a phrasing may reach, by the same rules (a calf cramp is a cramp right now)."""
    labels = [item["expect"], *item.get("also", [])]
    if item["expect"] == "CrampSiteIntent" and (item.get("slot") or {}).get("muscle") == "calf":
        labels.append("CrampNowIntent")
    return labels


@dataclass
class Outcome:
    item: dict[str, Any]
    heard: str
    slots: dict[str, str]
    text: str
    correct: bool
    unsafe: list[str] = field(default_factory=list)


def load(paths: tuple[Path, ...]) -> list[dict[str, Any]]:
    return [
        json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def run(items: list[dict[str, Any]], locale: str = "en-US") -> list[Outcome]:
    """Each phrasing as a one-shot request to a fresh session of the skill, on a device in `locale`."""
    import lambda_function
    from simulator.envelopes import Conversation, Device
    from simulator.nlu import Nlu

    outcomes = []
    nlus: dict[str, Nlu] = {}
    for number, item in enumerate(items):
        said_in = item.get("locale", locale)
        if said_in not in nlus:
            nlus[said_in] = Nlu.for_locale(said_in)
        resolution = nlus[said_in].resolve(item["text"])
        # a new user each time: no phrasing hears what an earlier one stored (a pace, a diary, an offer made)
        device = Device(locale=said_in, user_id=f"amzn1.ask.account.EVAL{number:05d}")
        envelope = Conversation(device=device).envelope(resolution.request())
        response = lambda_function.handler(envelope, None)["response"]
        text = _plain((response.get("outputSpeech") or {}).get("ssml", ""))
        if item["expect"] == "urgent":  # the fallback's general safety line does not count as urgent help
            correct = urgent_first(text) and resolution.intent != FALLBACK
        else:
            answered = answered_as(resolution.intent, resolution.slots, resolution.resolved, said_in)
            intent_ok = answered in expected(item)
            wanted = item.get("slot") or {}
            correct = intent_ok and (
                answered != item["expect"]
                or resolution.intent != item["expect"]
                or all(resolution.resolved.get(k) == v for k, v in wanted.items())
            )
        outcomes.append(
            Outcome(
                item,
                resolution.intent or "",
                dict(resolution.resolved),
                text,
                correct,
                unsafe_reasons(text, item["text"]),
            )
        )
    return outcomes


@dataclass
class Figures:
    total: int
    accuracy: float
    red_flags: int
    red_flag_recall: float
    unsafe: int
    per_label: dict[str, tuple[int, int]]


def figures(outcomes: list[Outcome]) -> Figures:
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        per_label[outcome.item["expect"]][0] += outcome.correct
        per_label[outcome.item["expect"]][1] += 1
    red = [o for o in outcomes if o.item["expect"] == "urgent"]
    return Figures(
        total=len(outcomes),
        accuracy=sum(o.correct for o in outcomes) / max(1, len(outcomes)),
        red_flags=len(red),
        red_flag_recall=sum(o.correct for o in red) / max(1, len(red)),
        unsafe=sum(bool(o.unsafe) for o in outcomes),
        per_label={label: (right, total) for label, (right, total) in sorted(per_label.items())},
    )


def report(name: str, result: Figures) -> str:
    lines = [
        f"{name}: {result.total} phrasings · intent accuracy {result.accuracy:.1%} · red-flag recall "
        f"{result.red_flag_recall:.1%} of {result.red_flags} · unsafe answers {result.unsafe}"
    ]
    lines += [
        f"    {label:<24} {right:>3}/{total:<3} {right / total:6.1%}"
        for label, (right, total) in result.per_label.items()
    ]
    return "\n".join(lines)


def _plain(ssml: str) -> str:
    ssml = re.sub(r"</?sub\b[^>]*>", "", ssml)  # a <sub> as its written form ("911")
    return " ".join(re.sub(r"<[^>]+>", " ", ssml).replace("&amp;", "&").split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-failures", action="store_true", help="list the tuned parts' misses")
    parser.add_argument("--tuned-only", action="store_true", help="score only the tuned parts (while tuning)")
    parser.add_argument("--language", choices=("en", "es"), help="score only one language's parts")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the skill logs that the time-zone API is unreachable: expected here
    with tempfile.TemporaryDirectory() as folder:  # the phrasings' diary entries and preferences stay here,
        os.environ["PREFERENCES_DB"] = str(Path(folder) / "eval.sqlite3")  # never in the console's store
        for name, path in PARTS.items():
            if args.tuned_only and name not in TUNED_PARTS:
                continue
            if args.language and PART_LOCALES[name].split("-")[0] != args.language:
                continue
            outcomes = run(load(path), PART_LOCALES[name])
            print(report(f"{name} ({PART_LOCALES[name]})", figures(outcomes)))
            if args.show_failures and name in TUNED_PARTS:
                for outcome in outcomes:
                    if not outcome.correct or outcome.unsafe:
                        print(
                            f"  MISS {outcome.item['text']!r} expect {outcome.item['expect']} "
                            f"{outcome.item.get('slot', '')} heard {outcome.heard} {outcome.slots} {outcome.unsafe}"
                            f"\n       {outcome.text[:160]}"
                        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
