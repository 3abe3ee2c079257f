"""Every turn answers within 5 s whatever its dependencies do: hung or trickling Alexa APIs (the HTTPS
stand-in), a DynamoDB answering late (a delaying proxy in front of moto), or both at once. The only
timings asserted are generous upper bounds on the deadline (< 6 s)."""

from __future__ import annotations

import time

import pytest

from tests.chat import Chat

ANSWERED_WITHIN_SECONDS = 6.0  # the budget is 4.5 s for dependencies; Alexa itself waits 8 s


@pytest.fixture
def chat(alexa_api, alexa_device):
    alexa_api.grant_reminders(alexa_device.api_access_token)
    return Chat(alexa_device)


def timed(say, *args, **slots):
    started = time.monotonic()
    reply = say(*args, **slots)
    return reply, time.monotonic() - started


def test_a_reminders_api_trickling_a_byte_a_second_cannot_hold_the_turn(chat, alexa_api):
    chat.say("SetReminderIntent", time="21:00")
    alexa_api.trickle_next(1.0, "reminders", times=5)
    reply, took = timed(chat.say, "AMAZON.YesIntent")
    assert took < ANSWERED_WITHIN_SECONDS
    assert "couldn't reach Alexa's reminders" in reply.text and "Your time is saved" in reply.text
    assert "isn't set yet" in chat.say("GetReminderIntent").text  # never claims a time Alexa did not confirm


def test_hung_settings_then_hung_reminders_share_one_budget(chat, alexa_api):
    """Each call alone stays under its own 3 s timeout; together they must still fit the turn."""
    chat.say("SetReminderIntent", time="21:00")
    chat.new_session()  # the next turn reads the time zone again
    chat.say("SetReminderIntent", time="21:00")
    alexa_api.delay_next(2.9, "reminders", times=5)
    reply, took = timed(chat.say, "AMAZON.YesIntent")
    assert took < ANSWERED_WITHIN_SECONDS
    assert "couldn't reach Alexa's reminders" in reply.text


def test_a_dynamodb_answering_after_5_s_gets_a_prompt_apology_and_keeps_the_record(
    dynamodb_table, throttling_dynamodb, alexa_device
):
    saved = {"reminder_time": "21:00", "reminder_wanted": True, "disclaimer_heard": True}
    dynamodb_table.put_item(Item={"id": alexa_device.user_id, "attributes": saved})
    throttling_dynamodb(set(), slow={"GetItem", "UpdateItem"}, delay=5.0)
    reply, took = timed(Chat(alexa_device).say, "CancelReminderIntent")
    assert took < ANSWERED_WITHIN_SECONDS
    assert "couldn't reach your saved settings" in reply.text and not reply.ended
    assert dynamodb_table.get_item(Key={"id": alexa_device.user_id}, ConsistentRead=True)["Item"]["attributes"] == saved


def test_a_slow_time_zone_and_a_slow_dynamodb_together_still_answer_in_time(
    dynamodb_table, throttling_dynamodb, alexa_api, alexa_device
):
    alexa_api.grant_reminders(alexa_device.api_access_token)
    alexa_api.delay_next(2.9, "settings")
    throttling_dynamodb(set(), slow={"GetItem", "UpdateItem"}, delay=5.0)
    chat = Chat(alexa_device)
    reply, took = timed(chat.say, "GetReminderIntent")
    assert took < ANSWERED_WITHIN_SECONDS
    assert "couldn't reach your saved settings" in reply.text


def test_a_dynamodb_answering_in_2_s_is_waited_for_and_the_turn_served(
    dynamodb_table, throttling_dynamodb, alexa_device
):
    dynamodb_table.put_item(Item={"id": alexa_device.user_id, "attributes": {"disclaimer_heard": True}})
    throttling_dynamodb(set(), slow={"GetItem", "UpdateItem"}, delay=2.0)
    reply, took = timed(Chat(alexa_device).say, "PaceIntent", pace="slower")
    assert took < ANSWERED_WITHIN_SECONDS
    assert "couldn't" not in reply.text and "more slowly" in reply.text
    item = dynamodb_table.get_item(Key={"id": alexa_device.user_id}, ConsistentRead=True)["Item"]
    assert item["attributes"]["step_rate"] == "slow"
