"""The store listing Amazon's certification can accept (`make deploy ARGS=--for-certification`).

Amazon rejects skills that collect health information unless they are HIPAA-eligible, so the certification
listing keeps no cramp diary: the stack gets CrampDiary=off (template.yaml), and every locale's description
ends with the privacy paragraph for a skill without a diary (`listing_without_diary.json`, one per language).
It also needs real privacy and terms URLs and the icons the manifest names. Standard library only, so
`tools/deploy_check.py` can refuse a bad listing before anything is installed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORDS = Path(__file__).with_name("listing_without_diary.json")
PRIVACY_PARAGRAPH_STARTS = ("Privacy:", "Privacidad:")
PLACEHOLDER_MARKS = ("REPLACE", "example.com", "example.org", "example.net", "localhost")
DIARY_OFF = "off"


def refusals(privacy_url: str | None, terms_url: str | None) -> list[str]:
    """Why these URLs cannot go to certification (empty when they can), each with what to do."""
    problems = []
    for name, url, variable, flag in (
        ("privacy policy", privacy_url, "PRIVACY_POLICY_URL", "--privacy-url"),
        ("terms of use", terms_url, "TERMS_OF_USE_URL", "--terms-url"),
    ):
        if not url:
            problems.append(
                f"{name} URL: none given. Publish docs/{name.replace(' ', '-')}.md "
                f'(filled in) and pass {variable}=https://... or ARGS="{flag} https://...".'
            )
        elif not url.startswith("https://") or any(mark in url for mark in PLACEHOLDER_MARKS):
            problems.append(
                f"{name} URL {url!r} is a placeholder or not https: certification needs the page you published."
            )
    return problems


def without_diary(skill_json: dict[str, Any]) -> dict[str, Any]:
    """skill.json with every locale's privacy paragraph for a skill that keeps no diary."""
    words = json.loads(WORDS.read_text(encoding="utf-8"))
    listing = copy.deepcopy(skill_json)
    for locale, info in listing["manifest"]["publishingInformation"]["locales"].items():
        paragraphs = info["description"].split("\n\n")
        if not paragraphs[-1].startswith(PRIVACY_PARAGRAPH_STARTS):
            raise ValueError(f"{locale}: the description does not end with its privacy paragraph")
        paragraphs[-1] = words[locale.split("-")[0]]["privacy_without_diary"]
        info["description"] = "\n\n".join(paragraphs)
    return listing


def missing_icons(skill_json: dict[str, Any]) -> list[str]:
    """Icons the manifest names (file://assets/...) that are not in skill-package/."""
    missing = []
    for info in skill_json["manifest"]["publishingInformation"]["locales"].values():
        for key in ("smallIconUri", "largeIconUri"):
            uri = info.get(key, "")
            path = REPO / "skill-package" / uri.removeprefix("file://")
            if not uri.startswith("file://") or not path.is_file():
                missing.append(uri or key)
    return sorted(set(missing))
