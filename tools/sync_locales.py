#!/usr/bin/env python3
"""Generate the other English interaction models from the single source, en-US.json.

    python tools/sync_locales.py           # (re)write en-GB, en-CA, en-AU and en-IN
    python tools/sync_locales.py --check   # exit 1 if any of them is missing or out of date

Every locale gets the same invocation name, intents, slots, slot types and samples as en-US (in
the same order), plus a few locale-specific sample utterances appended to an intent's samples
(e.g. "G. P." for the family doctor in Britain and Australia, "I've got cramp" where cramp is
uncountable). Edit en-US.json or LOCALE_EXTRAS below, never the generated files.

Output is deterministic: json.dumps(indent=2, ensure_ascii=False) with the source's key order and a
trailing newline, so `--check` can compare text.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "skill-package" / "interactionModels" / "custom"
SOURCE_LOCALE = "en-US"
TARGET_LOCALES = ("en-GB", "en-CA", "en-AU", "en-IN")

_GP = ["should I see my G. P.", "when should I see a G. P.", "do I need to see a G. P."]
_UNCOUNTABLE_CRAMP = ["I've got cramp", "I have got cramp", "I've got cramp in my leg",
                      "I've got cramp in my calf", "my calf has gone into cramp"]

# locale -> intent name -> extra samples (appended, in this order, to that intent's samples).
LOCALE_EXTRAS: Dict[str, Dict[str, List[str]]] = {
    "en-GB": {"DoctorIntent": _GP, "CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-AU": {"DoctorIntent": _GP, "CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-IN": {"CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-CA": {"DoctorIntent": ["should I see my family doctor", "when should I see my family doctor"]},
}


class SyncError(Exception):
    """The source or the extras cannot produce a valid model."""


def model_path(locale: str, models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{locale}.json"


def _normalise(sample: str) -> str:
    return " ".join(sample.lower().split())


def build_locale_model(source: Mapping, locale: str,
                       extras: Optional[Mapping[str, Sequence[str]]] = None) -> dict:
    """The model for `locale`: a deep copy of `source` with that locale's extra samples appended.

    An extra the intent already has is skipped. Raises SyncError if an extra names an intent the
    source lacks, or is already a sample of another intent (Alexa rejects a model in which one
    utterance maps to two intents)."""
    extras = LOCALE_EXTRAS.get(locale, {}) if extras is None else extras
    model = copy.deepcopy(dict(source))
    intents = model["interactionModel"]["languageModel"]["intents"]
    by_name = {intent["name"]: intent for intent in intents}
    taken = {_normalise(s): intent["name"] for intent in intents for s in intent.get("samples", [])}
    for intent_name, samples in extras.items():
        if intent_name not in by_name:
            raise SyncError(f"{locale}: extra samples for unknown intent {intent_name!r}")
        target = by_name[intent_name].setdefault("samples", [])
        for sample in samples:
            key = _normalise(sample)
            if taken.get(key) == intent_name:
                continue  # en-US has (or an earlier extra added) it already: nothing to add
            if key in taken:
                raise SyncError(f"{locale}: extra sample {sample!r} for {intent_name} is already a "
                                f"sample of {taken[key]}")
            taken[key] = intent_name
            target.append(sample)
    return model


def render(model: Mapping) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def load_source(models_dir: Path = MODELS_DIR) -> dict:
    path = model_path(SOURCE_LOCALE, models_dir)
    if not path.is_file():
        raise SyncError(f"source model {path} does not exist")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def expected_files(models_dir: Path = MODELS_DIR) -> Dict[Path, str]:
    """Each generated file's path -> the exact text it should have."""
    source = load_source(models_dir)
    return {model_path(locale, models_dir): render(build_locale_model(source, locale))
            for locale in TARGET_LOCALES}


def stale_files(models_dir: Path = MODELS_DIR) -> List[Path]:
    """Generated files that are missing or differ from what the generator would write."""
    return [path for path, text in expected_files(models_dir).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def write_all(models_dir: Path = MODELS_DIR) -> List[Path]:
    """Write every generated file that is out of date; returns the paths written."""
    written = []
    for path, text in expected_files(models_dir).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a generated model is missing or out of date")
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_files(args.models_dir)
            for path in stale:
                print(f"out of date: {path.name} (run: python tools/sync_locales.py)", file=sys.stderr)
            return 1 if stale else 0
        for path in write_all(args.models_dir):
            print(f"wrote {path.name}")
        return 0
    except (SyncError, ValueError, KeyError) as error:  # ValueError covers json.JSONDecodeError
        print(f"sync_locales: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
