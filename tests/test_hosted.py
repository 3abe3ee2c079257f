"""The same code as an Alexa-hosted skill: its handler name, its table and region variables, a writable
default store on Lambda, and a region given only as AWS_REGION (which botocore alone would ignore)."""

from __future__ import annotations

import tempfile

import pytest

import lambda_function
from simulator.envelopes import Device
from tests.chat import Chat

USER = "amzn1.ask.account.HOSTED"


def _stored(table) -> dict | None:
    item = table.get_item(Key={"id": USER}, ConsistentRead=True).get("Item")
    return item["attributes"] if item else None


def test_the_hosted_handler_name_answers_a_launch():
    assert lambda_function.lambda_handler is lambda_function.handler
    assert "not medical advice" in Chat(Device(user_id=USER)).launch().text


def test_alexa_hosted_table_and_region_variables_are_used(dynamodb_table, monkeypatch):
    """Alexa-hosted gives DYNAMODB_PERSISTENCE_TABLE_NAME / _REGION, not our PREFERENCES_TABLE."""
    monkeypatch.delenv("PREFERENCES_TABLE")
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("DYNAMODB_PERSISTENCE_TABLE_NAME", dynamodb_table.name)
    monkeypatch.setenv("DYNAMODB_PERSISTENCE_REGION", "us-east-1")
    Chat(Device(user_id=USER)).launch()
    assert (_stored(dynamodb_table) or {}).get("disclaimer_heard") is True


def test_aws_region_alone_is_enough(dynamodb_table, monkeypatch):
    """The web-service example sets only AWS_REGION: without it passed on, every preference turn failed."""
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    Chat(Device(user_id=USER)).launch()
    assert (_stored(dynamodb_table) or {}).get("disclaimer_heard") is True


def test_on_lambda_without_a_table_preferences_go_to_the_writable_tmp(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFERENCES_DB")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "leg-cramp-helper-skill")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    chat = Chat(Device(user_id=USER))
    chat.launch()
    assert (tmp_path / "preferences.sqlite3").is_file()
    chat.say("AMAZON.StopIntent")
    assert "not medical advice" not in Chat(Device(user_id=USER)).launch().text


@pytest.mark.parametrize("variable", ["PREFERENCES_TABLE", "DYNAMODB_PERSISTENCE_TABLE_NAME"])
def test_content_turns_never_reach_the_table(variable, monkeypatch):
    """Configured but unreachable: a stretch still answers, since content turns read no preference."""
    monkeypatch.setenv(variable, "no-such-table")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    chat = Chat(Device(user_id=USER))
    assert chat.say("StretchIntent").text
