"""Every language the skill publishes has its words in every test table kept per language.

The tests speak to the skill in each language through tables of phrases and words (one per purpose, in the
module that uses it). A new language (README, "a locale") needs an entry in each; this lists them all in
one place, and fails naming each table that lacks the new language, while the suite still collects."""

from __future__ import annotations

import pytest

from cramp_helper.content import LOCALES, language_of
from tests import (
    test_deployment,
    test_hold_sounds,
    test_interaction_model,
    test_safety,
    test_skill_assets,
    test_utterances,
)

# (where, table): every per-language table of the suite, keyed by language code ("en", "es").
PER_LANGUAGE_TABLES = [
    ("test_interaction_model.INVOCATION_NAMES", test_interaction_model.INVOCATION_NAMES),
    ("test_interaction_model.SAMPLE_LETTERS", test_interaction_model.SAMPLE_LETTERS),
    ("test_skill_assets.STORED_WORDS", test_skill_assets.STORED_WORDS),
    ("test_hold_sounds.CALF_STRETCH", test_hold_sounds.CALF_STRETCH),
    ("test_deployment.LISTING_WORDS", test_deployment.LISTING_WORDS),
    ("test_deployment.SOURCE_MODELS", test_deployment.SOURCE_MODELS),
    ("test_deployment.SAFETY_OPENINGS", test_deployment.SAFETY_OPENINGS),
    *(
        (f"test_utterances.{name}", getattr(test_utterances, name))
        for name in (
            "RED_FLAGS",
            "RED_FLAG_VARIANTS",
            "SEE_A_DOCTOR",
            "NUMB_OR_WEAK",
            "MID_CRAMP",
            "MID_CRAMP_VARIANTS",
            "STRETCH_REQUESTS",
            "OUT_OF_SCOPE",
            "QUESTIONS",
        )
    ),
]
# (where, table): the tables kept per published locale ("en-AU": its emergency number).
PER_LOCALE_TABLES = [("test_safety.NUMBERS", test_safety.NUMBERS)]
LANGUAGES = sorted({language_of(locale) for locale in LOCALES})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_per_language_table_has_the_language(language):
    missing = [where for where, table in PER_LANGUAGE_TABLES if language not in table]
    assert not missing, f"add {language!r} to: {', '.join(missing)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_per_locale_table_has_the_locale(locale):
    missing = [where for where, table in PER_LOCALE_TABLES if locale not in table]
    assert not missing, f"add {locale!r} to: {', '.join(missing)}"
