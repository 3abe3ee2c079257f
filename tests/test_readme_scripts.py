"""Every console script the README and docs show runs as written: each line typed gets the answer it is
there to show, never "I didn't catch that", a step that isn't there, or Alexa declining to open the skill."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_simulator import simulator

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# What the console prints when a typed line did not do what the script meant (English and Spanish).
MISSES = (
    "didn't catch",
    "can't help with that",
    "nothing to move on to",
    "no te entendí",
    "no te he entendido",
    "no hay nada a lo que pasar",
    "Alexa does not open the skill",
    "Alexa no abre la skill",
    "Traceback",
    "went wrong",
)


def console_scripts() -> list[tuple[str, str, list[str]]]:
    """(where, the console's arguments, the lines typed) for each `$ make run` block and piped `make run`."""
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for block in re.findall(r"```[a-z]*\n(\$ make run[^\n]*\n(?:> [^\n]*\n)+)```", text):
            first, *typed = block.splitlines()
            arguments = re.search(r'ARGS="([^"]*)"', first)
            lines = [line[2:] for line in typed if line[2:] != "exit"]
            found.append((document.name, arguments.group(1) if arguments else "", lines))
        for script, arguments in re.findall(r"^printf '([^']*)' \| make run(?: ARGS=\"([^\"]*)\")?$", text, re.M):
            found.append((document.name, arguments, script.split("\\n")[:-1]))
    return found


@pytest.mark.parametrize(
    "where, arguments, lines",
    console_scripts(),
    ids=[f"{where}:{lines[1] if len(lines) > 1 else lines[0]}" for where, _, lines in console_scripts()],
)
def test_the_script_runs_as_written(tmp_path, where, arguments, lines):
    result = simulator(arguments.split(), "\n".join(lines) + "\n", tmp_path)
    assert result.returncode == 0, result.stderr
    for miss in MISSES:
        assert miss not in result.stdout + result.stderr, f"{where}: {miss!r} in\n{result.stdout}"
    assert all(f"> {line}" in result.stdout for line in lines)
    out = result.stdout.splitlines()
    for number, line in enumerate(out):  # Alexa's own permission question is answered yes or no, never a request
        if line.startswith(("[Alexa asks:", "[Alexa pregunta:")):
            answer = next(typed for typed in out[number + 1 :] if typed.startswith("> "))
            assert answer[2:].lower() in ("yes", "no", "sí", "si"), f"{where}: {answer!r} answers {line!r}"


def test_both_languages_scripts_are_found():
    arguments = {arguments for _, arguments, _ in console_scripts()}
    assert "" in arguments and any("es-" in argument for argument in arguments) and len(console_scripts()) >= 5
