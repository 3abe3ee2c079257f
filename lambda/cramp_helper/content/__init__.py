"""What the skill says, per locale, loaded once per process.

Which locales exist is `locales.json` (written by `make models` from `skill-package/skill.json`, the one
list). A locale's words are a chain of files, most specific first: `en-AU.json` names what it inherits
(`"_inherits": "en-GB"`), `en-GB.json` overrides only what differs from `en.json` (British "GP"), and
the language file falls back to the default language's file for anything it lacks. Each locale names its
emergency number once (`emergency_number`), and `{emergency}` anywhere in the words becomes it. Code decides when
something is said; these files decide the words.

A request's locale is only ever looked up in that list, never used as a file name: an unknown locale
gets its language's wording, else the default's.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

_FOLDER = os.path.dirname(__file__)  # os.path: pathlib costs a cold start ~5 ms, and nothing else loads it
_INHERITS = "_inherits"
EMERGENCY_NUMBER = "emergency_number"  # the locale's number, said wherever the words say EMERGENCY
EMERGENCY = "{emergency}"


def _path(name: str) -> str:
    return os.path.join(_FOLDER, f"{name}.json")


def _load(name: str) -> dict[str, Any]:
    with open(_path(name), encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


_LOCALES = _load("locales")
LOCALES: tuple[str, ...] = tuple(_LOCALES["locales"])
DEFAULT_LOCALE: str = _LOCALES["default"]


def language_of(locale: str) -> str:
    return locale.split("-")[0]


def resolve_locale(requested: object) -> str:
    """The published locale whose words answer `requested`: itself, else its language's first, else the default."""
    if isinstance(requested, str):
        if requested in LOCALES:
            return requested
        language = language_of(requested)
        for locale in LOCALES:
            if language_of(locale) == language:
                return locale
    return DEFAULT_LOCALE


def wording_chain(locale: str) -> tuple[str, ...]:
    """The content files for a published `locale`, most specific first."""
    chain: list[str] = []
    name: str | None = locale
    while name and name not in chain and os.path.isfile(_path(name)):
        chain.append(name)
        name = _load(name).get(_INHERITS)
    for base in (language_of(locale), language_of(DEFAULT_LOCALE)):
        if base not in chain:
            chain.append(base)
    return tuple(chain)


def content_for(locale: object) -> dict[str, Any]:
    """All phrases for the request's `locale` (any value: unknown ones get the nearest wording)."""
    return wording(resolve_locale(locale))


@functools.lru_cache(maxsize=len(LOCALES) + 1)
def wording(locale: str) -> dict[str, Any]:
    """The words of `locale` as its content files say them, published or not yet (`make models` reads a
    locale just added to skill.json before locales.json lists it)."""
    merged: dict[str, Any] = {}
    for name in reversed(wording_chain(locale)):
        merged = _merged(merged, _load(name))
    merged.pop(_INHERITS, None)
    number = merged.get(EMERGENCY_NUMBER, "")
    return _with_number(merged, number) if number else merged


def _with_number(value: Any, number: str) -> Any:
    """Every `{emergency}` in the words as the locale's emergency number (911, 999, 000, 112)."""
    if isinstance(value, str):
        return value.replace(EMERGENCY, number)
    if isinstance(value, list):
        return [_with_number(item, number) for item in value]
    if isinstance(value, dict):
        return {key: _with_number(item, number) for key, item in value.items()}
    return value


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        both_dicts = isinstance(value, dict) and isinstance(base.get(key), dict)
        merged[key] = _merged(base[key], value) if both_dicts else value
    return merged
