"""`make run` on a fresh clone, as a newcomer meets it: only the skill's own packages installed, one line per
step and nothing else, then the console's prompt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", ".aws-sam", ".pytest_cache", "data", ".deploy", "__pycache__", "*.egg-info"
)


def test_make_run_on_a_fresh_clone_installs_only_the_skills_packages_and_says_only_its_steps(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(REPO, clone, ignore=NOT_IN_A_CLONE)
    run = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=clone,
        input="open leg cramp helper\nexit\n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    before_prompt = run.stdout.split("> ")[0].splitlines()
    assert before_prompt == ["Creating the virtual environment in .venv...", "Installing the skill's packages..."]
    # a first visit at any hour (by night the greeting is softer): the disclaimer, then the question
    assert "general information, not medical advice" in run.stdout and "What would you like?" in run.stdout
    installed = {path.name.split("-")[0].lower() for path in (clone / ".venv").glob("lib/python*/site-packages/*")}
    assert {"ask_sdk_core", "cryptography"} <= installed
    assert not {"pytest", "moto", "samcli", "mypy", "ruff", "cfnlint"} & installed
