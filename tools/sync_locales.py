#!/usr/bin/env python3
"""Generate what follows from the skill's one list of locales and one list of exercises (`make models`).

    python tools/sync_locales.py           # (re)write the generated models and content/locales.json
    python tools/sync_locales.py --check   # exit 1 if any of them is missing or out of date

The locales are those of `skill-package/skill.json`; the first of each language (en-US, es-US) is the
hand-edited source model of that language, and every other locale of it gets the same invocation
name, intents, slots, slot types and samples (in the same order), plus a few locale-specific sample
utterances appended to an intent's samples (e.g. "G. P." for the family doctor in Britain and
Australia, "I've got cramp" where cramp is uncountable, "médico de cabecera" and "se me ha subido el
gemelo" in Spain). In every model, source included, the
exercise slot type (StretchType) is built from `cramp_helper.exercises` and each exercise's slot words
in the locale's content. The skill's own copy of the locale list, `content/locales.json`, is written
too. Edit skill.json, the source model, the exercises or LOCALE_EXTRAS below, never the generated files.

Output is deterministic: json.dumps(indent=2, ensure_ascii=False) with the source's key order and a
trailing newline, so `--check` can compare text.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lambda"))  # this checkout's skill, whatever else the Python has installed

from cramp_helper import exercises  # noqa: E402
from cramp_helper.content import wording  # noqa: E402

MODELS_DIR = ROOT / "skill-package" / "interactionModels" / "custom"
SKILL_MANIFEST = ROOT / "skill-package" / "skill.json"
LOCALES_FILE = ROOT / "lambda" / "cramp_helper" / "content" / "locales.json"
EXERCISE_SLOT_TYPE = "StretchType"


def published_locales() -> list[str]:
    """The skill's locales, in skill.json's order: the one list every other list is made from."""
    manifest = json.loads(SKILL_MANIFEST.read_text(encoding="utf-8"))
    return list(manifest["manifest"]["publishingInformation"]["locales"])


def source_locale_of(locale: str) -> str:
    """The hand-edited model a locale is generated from: the first published locale of its language."""
    language = locale.split("-")[0]
    return next(other for other in published_locales() if other.split("-")[0] == language)


SOURCE_LOCALE = source_locale_of(published_locales()[0])  # the default language's source (en-US)
SOURCE_LOCALES = tuple(locale for locale in published_locales() if source_locale_of(locale) == locale)
TARGET_LOCALES = tuple(locale for locale in published_locales() if source_locale_of(locale) != locale)

_GP = ["should I see my G. P.", "when should I see a G. P.", "do I need to see a G. P."]
_UNCOUNTABLE_CRAMP = [
    "I've got cramp",
    "I have got cramp",
    "I've got cramp in my leg",
    "I've got cramp in my calf",
    "my calf has gone into cramp",
]

# locale -> intent name -> extra samples (appended, in this order, to that intent's samples).
LOCALE_EXTRAS: dict[str, dict[str, list[str]]] = {
    "en-GB": {"DoctorIntent": _GP, "CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-AU": {"DoctorIntent": _GP, "CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-IN": {"CrampNowIntent": _UNCOUNTABLE_CRAMP},
    "en-CA": {"DoctorIntent": ["should I see my family doctor", "when should I see my family doctor"]},
    # Spain: the calf is "el gemelo", the family doctor "el médico de cabecera", the present perfect for
    # what just happened ("me ha dado"), "tirar de" for "jalar", "vale" and "venga" for yes.
    "es-ES": {
        "DoctorIntent": [
            "debo ir al médico de cabecera",
            "cuándo debo ir al médico de cabecera",
            "tengo que ir al médico de cabecera",
            "debo pedir cita con el médico de cabecera",
            "debo ir al ambulatorio",
            "tengo que ir al centro de salud",
        ],
        "CrampNowIntent": [
            "se me han subido los gemelos",
            "me ha dado un calambre en la pierna",
            "me ha dado un calambre en el gemelo",
            "tengo un calambre en el gemelo ahora mismo",
            "se me ha agarrotado el gemelo",
            "se me ha agarrotado la pierna",
            "me ha pegado un tirón el gemelo",
            "qué hago se me ha subido el gemelo",
        ],
        "SorenessIntent": [
            "tengo agujetas en el gemelo",
            "me han quedado agujetas en el gemelo",
            "tengo el gemelo con agujetas después del calambre",
        ],
    },
    # Mexico: "chamorro" for the calf, "doctor" more than "médico", "me dio un tirón".
    "es-MX": {
        "CrampNowIntent": [
            "se me subió el chamorro",
            "me dio un calambre en el chamorro",
            "me duele el chamorro",
            "ay mi chamorro",
            "se me acalambró el chamorro",
            "me dio un tirón en la pantorrilla",
        ],
        "DoctorIntent": [
            "tengo que ir con el doctor",
            "debo ir con el doctor",
            "cuándo debo ir con el doctor",
            "debo ir a la clínica",
        ],
    },
}


class SyncError(Exception):
    """The source or the extras cannot produce a valid model."""


def model_path(locale: str, models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{locale}.json"


def _normalise(sample: str) -> str:
    return " ".join(sample.lower().split())


def build_locale_model(source: Mapping, locale: str, extras: Mapping[str, Sequence[str]] | None = None) -> dict:
    """The model for `locale`: a deep copy of `source` with that locale's extra samples appended.

    An extra the intent already has is skipped. Raises SyncError if an extra names an intent the
    source lacks, or is already a sample of another intent (Alexa rejects a model in which one
    utterance maps to two intents)."""
    extras = LOCALE_EXTRAS.get(locale, {}) if extras is None else extras
    model = with_exercise_slots(source, locale)
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
                raise SyncError(
                    f"{locale}: extra sample {sample!r} for {intent_name} is already a sample of {taken[key]}"
                )
            taken[key] = intent_name
            target.append(sample)
    return model


def with_exercise_slots(source: Mapping, locale: str) -> dict:
    """A deep copy of `source` whose exercise slot type lists every exercise in `locale`'s words."""
    model = copy.deepcopy(dict(source))
    words = wording(locale)["exercises"]
    values = [
        {
            "id": exercise.id,
            "name": {
                "value": words[exercise.id]["slot"]["value"],
                "synonyms": list(words[exercise.id]["slot"]["synonyms"]),
            },
        }
        for exercise in exercises.EXERCISES
    ]
    types = model["interactionModel"]["languageModel"]["types"]
    slot_type = next((t for t in types if t["name"] == EXERCISE_SLOT_TYPE), None)
    if slot_type is None:
        raise SyncError(f"the source model has no {EXERCISE_SLOT_TYPE} slot type")
    slot_type["values"] = values
    return model


def locales_file_text() -> str:
    return json.dumps({"default": published_locales()[0], "locales": published_locales()}, indent=2) + "\n"


def render(model: Mapping) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def load_source(models_dir: Path = MODELS_DIR, locale: str = SOURCE_LOCALE) -> dict:
    """The hand-edited model of `locale`'s language (default: the default language's)."""
    path = model_path(source_locale_of(locale), models_dir)
    if not path.is_file():
        raise SyncError(f"source model {path} does not exist")
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def expected_files(models_dir: Path = MODELS_DIR) -> dict[Path, str]:
    """Each generated file's path -> the exact text it should have."""
    sources = {locale: load_source(models_dir, locale) for locale in SOURCE_LOCALES}
    files = {
        model_path(locale, models_dir): render(build_locale_model(sources[source_locale_of(locale)], locale))
        for locale in TARGET_LOCALES
    }
    for locale, source in sources.items():
        files[model_path(locale, models_dir)] = render(with_exercise_slots(source, locale))
    files[LOCALES_FILE] = locales_file_text()
    return files


def stale_files(models_dir: Path = MODELS_DIR) -> list[Path]:
    """Generated files that are missing or differ from what the generator would write."""
    return [
        path
        for path, text in expected_files(models_dir).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def write_all(models_dir: Path = MODELS_DIR) -> list[Path]:
    """Write every generated file that is out of date; returns the paths written."""
    written = []
    for path, text in expected_files(models_dir).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a generated model is missing or out of date"
    )
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = stale_files(args.models_dir)
            for path in stale:
                print(f"out of date: {path.name} (run: make models)", file=sys.stderr)
            return 1 if stale else 0
        for path in write_all(args.models_dir):
            print(f"wrote {path.name}")
        return 0
    except (SyncError, ValueError, KeyError) as error:  # ValueError covers json.JSONDecodeError
        print(f"sync_locales: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
