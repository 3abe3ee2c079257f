"""Every exercise, and the routine, to the very end in every locale; and the recipe for a new exercise.

The exercises come from their one definition (cramp_helper.exercises), so a new exercise is walked
here without editing this file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cramp_helper import exercises
from cramp_helper.content import LOCALES, content_for
from simulator.envelopes import Device
from tests.chat import Chat

ROOT = Path(__file__).resolve().parents[1]


def held_seconds(ssml: str) -> float:
    return sum(int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', ssml)) / 1000


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("exercise", [exercise.id for exercise in exercises.EXERCISES])
def test_ask_for_each_exercise_say_next_to_the_end_and_hear_what_follows(exercise, locale):
    words = content_for(locale)
    said = words["exercises"][exercise]
    definition = exercises.BY_ID[exercise]
    chat = Chat(Device(locale=locale))
    reply = chat.say("StretchIntent", stretch=said["slot"]["value"])
    for number, step in enumerate(definition.steps, start=1):
        if number > 1:
            reply = chat.say("AMAZON.NextIntent")
        assert words["walkthrough"]["step_of"].format(number=number, total=len(definition.steps)) in reply.text
        assert said["steps"][number - 1]["text"] in reply.text
        assert held_seconds(reply.ssml) >= step.hold_seconds + 2 * step.reps
        assert not reply.ended
    assert said["done"] in reply.text and reply.text.endswith("?")  # what next is offered
    assert chat.say("AMAZON.YesIntent").text  # and yes to it is answered


@pytest.mark.parametrize("locale", LOCALES)
def test_the_routine_runs_every_routine_exercise_in_order_to_the_end(locale):
    words = content_for(locale)
    chat = Chat(Device(locale=locale))
    reply = chat.say("RoutineIntent")
    heard = [reply.text]
    while words["walkthrough"]["routine_done"] not in reply.text:
        reply = chat.say("AMAZON.NextIntent")
        heard.append(reply.text)
        assert len(heard) < 50, "the routine never ended"
    starts = [
        next(i for i, text in enumerate(heard) if words["exercises"][e]["intro"] in text) for e in exercises.ROUTINE
    ]
    assert starts == sorted(starts) and len(starts) == len(exercises.ROUTINE)
    assert len(heard) == sum(exercises.step_count(e) for e in exercises.ROUTINE)


@pytest.mark.parametrize("locale", LOCALES)
def test_asked_which_stretch_it_names_every_exercise_and_how_many(locale):
    words = content_for(locale)
    reply = Chat(Device(locale=locale)).say("StretchIntent")
    count = words["numbers"][len(exercises.EXERCISES)]
    assert reply.text.startswith(words["walkthrough"]["which_stretch"].split("{")[0] + count)
    for exercise in exercises.EXERCISES:
        assert words["exercises"][exercise.id]["name"] in reply.text
        assert words["exercises"][exercise.id]["slot"]["value"] in reply.reprompt


NEW_EXERCISE = """    Exercise("ankle_circles", (Step(), Step(reps=8), Step(hold_seconds=15))),
"""
NEW_WORDS = {
    "title": "Ankle circles",
    "name": "ankle circles",
    "intro": "Let's do some ankle circles, sitting down.",
    "steps": [
        {"text": "Sit with one leg out in front of you."},
        {"text": "Circle your ankle slowly, one way then the other."},
        {"text": "Now point your toes up toward you and hold."},
    ],
    "done": "That's ankle circles done.",
    "rep_word": "Circle.",
    "slot": {"value": "ankle circles", "synonyms": ["ankles", "ankle exercise"]},
}
NEW_WORDS_ES = {
    "title": "Círculos de tobillo",
    "name": "los círculos de tobillo",
    "intro": "Vamos a hacer círculos con el tobillo, sentado.",
    "steps": [
        {"text": "Siéntate con una pierna estirada al frente."},
        {"text": "Haz círculos despacio con el tobillo, hacia un lado y luego hacia el otro."},
        {"text": "Ahora lleva los dedos del pie hacia ti y mantén."},
    ],
    "done": "Listos los círculos de tobillo.",
    "rep_word": "Círculo.",
    "slot": {"value": "círculos de tobillo", "synonyms": ["tobillos", "ejercicio de tobillo"]},
}


def test_the_readme_recipe_adds_a_fourth_exercise_with_one_entry_its_words_and_make_models(tmp_path):
    """Follow "Changing the skill" in a copy: one entry in exercises.py, its words, regenerate the
    models; then this file's own walkthrough tests cover it (and the spoken list names one more)."""
    copy = tmp_path / "repo"
    for part in ("lambda", "skill-package", "tools", "tests", "simulator", "pyproject.toml"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / part)
    definitions = copy / "lambda" / "cramp_helper" / "exercises.py"
    text = definitions.read_text()
    definitions.write_text(text.replace('    Exercise("toe_curls"', NEW_EXERCISE + '    Exercise("toe_curls"'))
    for language, words in (("en", NEW_WORDS), ("es", NEW_WORDS_ES)):  # each language's content
        content_file = copy / "lambda" / "cramp_helper" / "content" / f"{language}.json"
        content = json.loads(content_file.read_text())
        content["exercises"]["ankle_circles"] = words
        content_file.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n")
    env = {"PYTHONPATH": str(copy / "lambda") + ":" + str(copy), "PATH": "/usr/bin:/bin"}
    regenerate = subprocess.run(
        [sys.executable, "tools/sync_locales.py"], cwd=copy, env=env, capture_output=True, text=True, timeout=60
    )
    assert regenerate.returncode == 0, regenerate.stderr
    model = json.loads((copy / "skill-package/interactionModels/custom/en-GB.json").read_text())
    stretch = next(t for t in model["interactionModel"]["languageModel"]["types"] if t["name"] == "StretchType")
    ids = [value["id"] for value in stretch["values"]]
    assert ids.index("ankle_circles") + 1 == ids.index("toe_curls")  # in the list's order
    # every test that walks exercises or the routine, and a paused routine resumed (its words the longest)
    walk_tests = [
        "tests/test_exercises.py",
        "tests/test_walkthrough.py",
        "tests/test_diary.py::test_opening_the_skill_offers_to_carry_on_a_paused_stretch",
    ]
    walk = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *walk_tests, "-k", "not recipe"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert walk.returncode == 0, walk.stdout[-3000:]
    assert (
        "ankle_circles"
        in subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/test_exercises.py"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
