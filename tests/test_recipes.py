"""README's "Changing the skill" recipes, each followed to the letter in a copy of the repository and then
checked by the tests that would notice a step left out (the exercise recipe: tests/test_exercises.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("lambda", "skill-package", "tools", "tests", "simulator", "eval", "docs", "README.md", "pyproject.toml")


def copy_of_the_repository(folder: Path) -> Path:
    copy = folder / "repo"
    copy.mkdir()
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / part)
    return copy


def run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": f"{copy / 'lambda'}:{copy}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, *command], cwd=copy, env=env, capture_output=True, text=True, timeout=300)


SLOW_VOICE_FIELD = '    slow_voice: bool = field(default=False, metadata=kept_for("pace"))\n'
USE_IT = """
import sys
from cramp_helper.record import KEPT_FOR, UserRecord

stored = UserRecord(slow_voice=True).to_stored()
assert stored["slow_voice"] is True and UserRecord.from_stored(stored).slow_voice is True
assert UserRecord.from_stored({}).slow_voice is False and KEPT_FOR["slow_voice"] == "pace"
print("kept")
"""


def test_the_stored_preference_recipe_adds_a_field_with_its_purpose_and_nothing_else(tmp_path):
    """One field in UserRecord with its default and purpose: it is stored, read back, named in the privacy
    checks, and every test of the record and the stores still passes."""
    copy = copy_of_the_repository(tmp_path)
    record = copy / "lambda" / "cramp_helper" / "record.py"
    text = record.read_text()
    anchor = "    unknown: dict[str, Any] = field(default_factory=dict, compare=False)"
    assert anchor in text
    record.write_text(text.replace(anchor, SLOW_VOICE_FIELD + anchor))
    used = run(copy, "-c", USE_IT)
    assert used.stdout.strip() == "kept", used.stderr[-2000:]
    checked = run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_skill_assets.py",
        "tests/test_record.py",
        "tests/test_preferences.py",
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_a_field_that_does_not_say_what_it_is_kept_for_stops_the_skill_at_once(tmp_path):
    copy = copy_of_the_repository(tmp_path)
    record = copy / "lambda" / "cramp_helper" / "record.py"
    anchor = "    unknown: dict[str, Any] = field(default_factory=dict, compare=False)"
    record.write_text(record.read_text().replace(anchor, "    slow_voice: bool = False\n" + anchor))
    imported = run(copy, "-c", "import cramp_helper.record")
    assert imported.returncode != 0 and "kept for" in imported.stderr and "slow_voice" in imported.stderr


def test_the_locale_recipe_makes_a_regional_locale_right_with_one_make_models(tmp_path):
    """es-ES taken out of a copy, then added back as the README says (its skill.json entries, a content file
    for the words that differ) and `make models` run once: its model is exactly the published one, with
    Spain's own words for the exercises ("gemelos", not "pantorrilla"), and nothing is left out of date."""
    import json

    copy = copy_of_the_repository(tmp_path)
    manifest_path = copy / "skill-package" / "skill.json"
    published = json.loads(manifest_path.read_text())
    model = copy / "skill-package" / "interactionModels" / "custom" / "es-ES.json"
    words = copy / "lambda" / "cramp_helper" / "content" / "es-ES.json"
    expected_model, own_words = model.read_text(), words.read_text()

    without = json.loads(json.dumps(published))
    del without["manifest"]["publishingInformation"]["locales"]["es-ES"]
    del without["manifest"]["privacyAndCompliance"]["locales"]["es-ES"]
    manifest_path.write_text(json.dumps(without, indent=2, ensure_ascii=False) + "\n")
    model.unlink()
    words.unlink()
    assert run(copy, "tools/sync_locales.py").returncode == 0
    assert "es-ES" not in (copy / "lambda" / "cramp_helper" / "content" / "locales.json").read_text()

    manifest_path.write_text(json.dumps(published, indent=2, ensure_ascii=False) + "\n")  # the recipe
    words.write_text(own_words)
    synced = run(copy, "tools/sync_locales.py")
    assert synced.returncode == 0, synced.stderr
    assert model.read_text() == expected_model
    assert run(copy, "tools/sync_locales.py", "--check").returncode == 0
