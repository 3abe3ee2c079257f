"""What the skill says, per locale, loaded once per process.

`en.json` holds every English phrase; a locale file such as `en-GB.json` overrides only what differs
(British "GP" for "doctor"). Code decides when something is said; these files decide the words.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Dict

_FOLDER = Path(__file__).parent
DEFAULT_LOCALE = "en-US"
# Locales whose wording follows another's overrides (Australian English says "GP" as British does).
_SAME_WORDING = {"en-AU": "en-GB"}


@functools.lru_cache(maxsize=None)
def content_for(locale: str | None) -> Dict[str, Any]:
    """All phrases for `locale`; unknown locales fall back to the base English text."""
    base = _load(_FOLDER / "en.json")
    wording = _SAME_WORDING.get(locale or DEFAULT_LOCALE, locale or DEFAULT_LOCALE)
    override_file = _FOLDER / f"{wording}.json"
    return _merged(base, _load(override_file)) if override_file.exists() else base


def _load(path: Path) -> Dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _merged(base: Dict[str, Any], override: Dict[str, Any]) -> Dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged
