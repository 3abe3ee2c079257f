"""Shared fixtures: every test gets a fresh skill with its own embedded preferences store."""

from __future__ import annotations

import pytest

from cramp_helper import deadline
from cramp_helper.skill import get_skill

pytest_plugins = ["tests.dynamodb_server", "tests.fixtures_alexa_api", "tests.fixtures_build"]


@pytest.fixture(autouse=True)
def fresh_skill(tmp_path, monkeypatch):
    """No test sees another's preferences, environment, process-wide skill or turn clock."""
    # A turn run in this thread (handle_event) leaves its deadline set; outside a turn there is none.
    deadline._deadline.set(None)
    monkeypatch.setenv("PREFERENCES_DB", str(tmp_path / "preferences.sqlite3"))
    for name in ("PREFERENCES_TABLE", "SKILL_ID"):
        monkeypatch.delenv(name, raising=False)
    get_skill.cache_clear()
    yield
    get_skill.cache_clear()


@pytest.fixture
def chat():
    from tests.chat import Chat

    return Chat()
