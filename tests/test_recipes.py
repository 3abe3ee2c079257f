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


def run_tests(copy: Path, *tests: str) -> subprocess.CompletedProcess[str]:
    return run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests)


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
    checked = run_tests(copy, "tests/test_skill_assets.py", "tests/test_record.py", "tests/test_preferences.py")
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


SLEEP_HANDLER = """

class SleepPositionIntentHandler(IntentHandler):
    intent_name = "SleepPositionIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["sleep_position"]
        return answer(turn, "sleep_position", words["text"], words["question"], None)
"""
SLEEP_SAMPLES = {
    "en-US": [
        "how should i lie in bed",
        "does my sleeping position matter",
        "what is the best sleeping position for leg cramps",
        "should i sleep on my back or my side",
        "how should i sleep so my feet don't point",
        "which way should i lie at night",
        "best way to lie in bed for night cramps",
        "does lying on my front make cramps worse",
        "should i put a pillow under my knees",
        "should my feet hang over the end of the bed",
        "is my sleeping position causing this",
        "what position should i sleep in",
        "how do i lie so my toes don't point down",
        "sleeping position for cramps",
        "tell me how to lie in bed",
        "how should i lie in bed my calf is {symptom}",
    ],
    "es-US": [
        "cómo debo acostarme en la cama",
        "importa la postura para dormir",
        "cuál es la mejor postura para dormir con calambres",
        "duermo boca arriba o de lado",
        "cómo duermo para que no se me estiren los pies",
        "de qué lado me acuesto en la noche",
        "la mejor forma de acostarme para los calambres nocturnos",
        "dormir boca abajo empeora los calambres",
        "me pongo una almohada debajo de las rodillas",
        "dejo los pies fuera de la cama",
        "mi postura al dormir causa esto",
        "en qué postura debo dormir",
        "cómo me acuesto para que los dedos no apunten hacia abajo",
        "postura para dormir y calambres",
        "dime cómo acostarme en la cama",
        "cómo debo acostarme tengo la pantorrilla {symptom}",
    ],
}
SLEEP_WORDS = {
    "en": {
        "title": "Sleeping position",
        "text": "Keep the bedclothes loose so they don't press your toes down. On your back, a pillow under "
        "your knees helps; on your front, let your feet hang over the end of the bed.",
        "question": "Would you like a calf stretch before bed?",
    },
    "es": {
        "title": "Postura para dormir",
        "text": "Deja la ropa de cama suelta para que no empuje los dedos hacia abajo. Boca arriba, una "
        "almohada bajo las rodillas ayuda; boca abajo, deja los pies fuera del borde de la cama.",
        "question": "¿Quieres un estiramiento de pantorrilla antes de dormir?",
    },
}


def test_the_intent_recipe_adds_an_answer_that_is_heard_in_both_languages_and_hears_red_flags(tmp_path):
    """Every step of the README's intent row in a copy: samples with the symptom slot in both source
    models, a handler in its capability's module, listed; its words; the name-free choice; make models.
    Then the model, name-free and sample tests pass there, and the new question reaches its answer."""
    import json

    copy = copy_of_the_repository(tmp_path)
    handlers = copy / "lambda" / "cramp_helper" / "handlers"
    topics = handlers / "topics.py"
    topics.write_text(topics.read_text().rstrip() + "\n" + SLEEP_HANDLER)
    listing = handlers / "__init__.py"
    listing.write_text(
        listing.read_text().replace(
            "    PreventionIntentHandler,\n", "    PreventionIntentHandler,\n    SleepPositionIntentHandler,\n"
        )
    )
    name_free = handlers / "name_free.py"
    name_free.write_text(
        name_free.read_text().replace(
            '    "PreventionIntent": {},\n', '    "PreventionIntent": {},\n    "SleepPositionIntent": {},\n'
        )
    )
    for locale, samples in SLEEP_SAMPLES.items():
        path = copy / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
        model = json.loads(path.read_text())
        model["interactionModel"]["languageModel"]["intents"].append(
            {"name": "SleepPositionIntent", "slots": [{"name": "symptom", "type": "SymptomType"}], "samples": samples}
        )
        path.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n")
    for language, words in SLEEP_WORDS.items():
        path = copy / "lambda" / "cramp_helper" / "content" / f"{language}.json"
        content = json.loads(path.read_text())
        content["sleep_position"] = words
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n")
    assert run(copy, "tools/sync_locales.py").returncode == 0

    checked = run_tests(
        copy,
        "tests/test_interaction_model.py",
        "tests/test_name_free.py",
        "tests/test_layers.py",
        "tests/test_simulator.py::test_every_sample_utterance_resolves_to_its_own_intent",
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
    heard = run(copy, "-c", ASK_ABOUT_SLEEP)
    assert heard.returncode == 0, heard.stderr[-2000:]
    calm, urgent, spanish = heard.stdout.strip().splitlines()
    assert calm.startswith("Keep the bedclothes loose")
    assert urgent.startswith("Get urgent medical help") and "bedclothes" not in urgent
    assert spanish.startswith("Deja la ropa de cama suelta")


ASK_ABOUT_SLEEP = """
from simulator.envelopes import Device
from simulator.nlu import Nlu
from tests.chat import Chat

for locale, said in (
    ("en-US", "does my sleeping position matter"),
    ("en-US", "how should i lie in bed my calf is swollen and hot"),
    ("es-US", "en qué postura debo dormir"),
):
    print(Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request()).text)
"""
