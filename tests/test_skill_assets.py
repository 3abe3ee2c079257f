"""What a deployment ships besides code: the icons (our own, drawn by tools/draw_icons.py), the privacy policy
and terms a publisher can put online, and a stand-in import that refuses a package missing either icon."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.smapi_server import package_errors
from tools import skill_package

REPO = Path(__file__).resolve().parents[1]
IMAGES = REPO / "skill-package" / "assets" / "images"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_names_two_icons_of_the_sizes_alexa_asks_for():
    listings = skill_package.read_manifest()["manifest"]["publishingInformation"]["locales"].values()
    for listing in listings:
        assert _png_size(REPO / "skill-package" / listing["smallIconUri"].removeprefix("file://")) == (108, 108)
        assert _png_size(REPO / "skill-package" / listing["largeIconUri"].removeprefix("file://")) == (512, 512)


def test_the_icons_are_what_the_code_draws():
    result = subprocess.run(
        [sys.executable, "-m", "tools.draw_icons", "--check"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_an_import_without_an_icon_is_refused():
    manifest = skill_package.filled_manifest(
        skill_package.read_manifest(), "arn:aws:lambda:us-east-1:123456789012:function:x", None, None
    )
    whole = zipfile.ZipFile(io.BytesIO(skill_package.zipped_package(manifest)))
    assert package_errors(skill_package.zipped_package(manifest)) == []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in whole.namelist():
            if name != "assets/images/icon-512.png":
                archive.writestr(name, whole.read(name))
    errors = package_errors(buffer.getvalue())
    assert errors and all("largeIconUri" in error for error in errors)


def test_the_privacy_policy_says_what_is_kept_and_how_to_delete_it():
    policy = (REPO / "docs" / "privacy-policy.md").read_text(encoding="utf-8")
    for words in (
        "user id",
        "reminder preferences",
        "cramp diary",
        "12 months",
        "delete my data",
        "disable the skill",
        "35 days",
        "not medical advice",
    ):
        assert words in policy, words
    terms = (REPO / "docs" / "terms-of-use.md").read_text(encoding="utf-8")
    assert "not medical advice" in terms.lower() and "emergency services" in terms
    manifest = json.loads((REPO / "skill-package" / "skill.json").read_text())["manifest"]
    assert manifest["privacyAndCompliance"]["usesPersonalInfo"] is True  # the cramp diary


# How each kind of stored field (record.KEPT_FOR) is named in each language's privacy paragraph and policy.
STORED_WORDS = {
    "en": {
        "disclaimer": "disclaimer",
        "reminder": "reminder",
        "pace": "pace",
        "diary": "diary",
        "bookkeeping": "counter",
    },
    "es": {
        "disclaimer": "aviso",
        "reminder": "recordatorio",
        "pace": "ritmo",
        "diary": "diario",
        "bookkeeping": "contador",
    },
}


def test_every_stored_field_is_named_in_the_privacy_policy_and_every_locales_description():
    """The stored fields are listed once (record.KEPT_FOR, checked against UserRecord); a new field without
    an entry, or an entry no listing or policy mentions, fails here."""
    import dataclasses

    from cramp_helper.record import KEPT_FOR, UserRecord
    from tools import listing

    assert set(KEPT_FOR) == {spec.name for spec in dataclasses.fields(UserRecord)} - {"unknown"}
    policy = (REPO / "docs" / "privacy-policy.md").read_text(encoding="utf-8").split("## Why")[0]
    assert all(STORED_WORDS["en"][kind] in policy for kind in set(KEPT_FOR.values()))
    skill_json = json.loads((REPO / "skill-package" / "skill.json").read_text(encoding="utf-8"))
    without_diary = listing.without_diary(skill_json)
    locales = skill_json["manifest"]["publishingInformation"]["locales"]
    assert {locale.split("-")[0] for locale in locales} == set(STORED_WORDS)  # every language has its words
    for locale, info in locales.items():
        words = STORED_WORDS[locale.split("-")[0]]
        privacy = info["description"].split("\n\n")[-1].lower()
        assert all(words[kind] in privacy for kind in set(KEPT_FOR.values())), locale
        certified = without_diary["manifest"]["publishingInformation"]["locales"][locale]["description"]
        certified_privacy = certified.split("\n\n")[-1].lower()
        assert all(words[kind] in certified_privacy for kind in set(KEPT_FOR.values()) - {"diary"}), locale
        assert (
            words["diary"] not in certified_privacy
            and certified.split("\n\n")[:-1] == info["description"].split("\n\n")[:-1]
        )


def test_the_descriptions_promise_only_exercises_the_skill_has():
    """Toe curls strengthen; they are not a stretch."""
    manifest = json.loads((REPO / "skill-package" / "skill.json").read_text(encoding="utf-8"))["manifest"]
    for locale, info in manifest["publishingInformation"]["locales"].items():
        assert (
            "toe-curl stretch" not in info["description"] and "y de los dedos de los pies" not in info["description"]
        ), locale
        assert "toe curls" in info["description"] or "flexiones de los dedos" in info["description"], locale
