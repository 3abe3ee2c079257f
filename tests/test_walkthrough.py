"""Guided stretches, as a half-asleep user would go through them."""

from __future__ import annotations

import re

import pytest

from cramp_helper.content import content_for
from cramp_helper.exercises import EXERCISES, ROUTINE, step_count
from simulator.envelopes import Device
from tests.chat import Chat


def breaks_ms(ssml: str) -> list[int]:
    return [int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', ssml)]


def test_launch_ask_for_a_calf_stretch_say_next_hear_step_two(chat: Chat):
    chat.launch()
    first = chat.say("StretchIntent", stretch="calf")
    assert "Step 1 of 5" in first.text and "wall" in first.text
    second = chat.say("AMAZON.NextIntent")
    assert "Step 2 of 5" in second.text and "foot back" in second.text
    assert not second.ended


def test_the_hold_is_timed_in_speech_with_chained_breaks_and_a_gentle_count(chat: Chat):
    chat.say("StretchIntent", stretch="calves")
    chat.say("AMAZON.NextIntent")
    hold = chat.say("AMAZON.NextIntent")
    assert "Step 3 of 5" in hold.text
    total = sum(breaks_ms(hold.ssml))
    assert 15_000 <= total <= 30_000, total  # the seed says hold 15 to 30 seconds
    assert max(breaks_ms(hold.ssml)) <= 10_000
    assert "five" in hold.text and "ten" in hold.text and "relax" in hold.text
    assert '<prosody rate="90%">' in hold.ssml  # the instruction is spoken a little slower


def test_both_sides_of_the_calf_are_stretched_and_the_end_offers_what_comes_next(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    texts = [chat.say("AMAZON.NextIntent").text for _ in range(4)]
    assert "right calf" in texts[1] and "left calf" in texts[3]
    assert "both sides done" in texts[3] and texts[3].endswith("hamstring stretch next?")
    hamstring = chat.say("AMAZON.YesIntent")
    assert "hamstring stretch" in hamstring.text and "Step 1 of 2" in hamstring.text


def test_previous_repeat_and_start_over_mid_walkthrough(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    chat.say("AMAZON.NextIntent")
    chat.say("AMAZON.NextIntent")
    assert "Step 2 of 5" in chat.say("AMAZON.PreviousIntent").text
    assert "Step 2 of 5" in chat.say("AMAZON.RepeatIntent").text
    assert "Step 1 of 5" in chat.say("AMAZON.StartOverIntent").text
    back = chat.say("AMAZON.PreviousIntent")
    assert "already at the first step" in back.text and "Step 1 of 5" in back.text


def test_stop_mid_walkthrough_ends_politely(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    goodbye = chat.say("AMAZON.StopIntent")
    assert goodbye.ended and goodbye.text
    assert "reprompt" not in goodbye.response


def test_help_mid_walkthrough_says_where_the_user_is(chat: Chat):
    chat.say("StretchIntent", stretch="hamstring")
    help_reply = chat.say("AMAZON.HelpIntent")
    assert "step 1 of 2 of the hamstring stretch" in help_reply.text
    assert "next" in help_reply.text


def test_toe_curls_warn_to_stop_if_a_cramp_starts_and_count_repetitions(chat: Chat):
    first = chat.say("StretchIntent", stretch="toe curls")
    assert "if a cramp starts, stop and pull your toes up" in first.text
    reps = chat.say("AMAZON.NextIntent")
    assert re.findall(r"<prosody volume=\"soft\">(\d+)</prosody>", reps.ssml) == [str(n) for n in range(1, 11)]


# Saying "next" from the routine's first step to its last: one fewer than all its steps.
ROUTINE_NEXTS = sum(step_count(exercise) for exercise in ROUTINE) - 1


def test_the_bedtime_routine_names_its_exercises_then_walks_each_in_order_and_back(chat: Chat):
    words = content_for("en-US")
    names = [words["exercises"][exercise]["name"] for exercise in ROUTINE]
    first = chat.say("RoutineIntent")
    assert words["walkthrough"]["routine_joiner"].join(names) in first.text  # "calf stretch, then the hamstring…"
    heard = [chat.say("AMAZON.NextIntent").text for _ in range(ROUTINE_NEXTS)]
    first_step = step_count(ROUTINE[0]) - 1  # where the next exercise starts in `heard`
    for exercise, name in zip(ROUTINE[1:], names[1:], strict=True):
        assert f"Next in your routine: {name}" in heard[first_step - 1]
        assert name in heard[first_step].lower() and f"Step 1 of {step_count(exercise)}" in heard[first_step]
        first_step += step_count(exercise)
    assert "whole bedtime routine" in heard[-1] and "remind you" in heard[-1]
    back, last = chat.say("AMAZON.PreviousIntent"), ROUTINE[-1]
    assert f"Step {step_count(last) - 1} of {step_count(last)}" in back.text


def test_a_stretch_without_a_name_asks_which_one_with_three_options(chat: Chat):
    ask = chat.say("StretchIntent")
    assert "calf" in ask.text and "hamstring" in ask.text and "toe curls" in ask.text
    assert ask.text.endswith("?")
    assert "Step 1" in chat.say("StretchIntent", stretch="calf").text


def test_a_stretch_the_model_does_not_know_gets_the_choices_not_an_error(chat: Chat):
    reply = chat.say("StretchIntent", stretch="elbow")
    count = content_for("en-US")["numbers"][len(EXERCISES)]
    assert f"I know {count}:" in reply.text and not reply.ended


def test_okay_mid_walkthrough_goes_on_to_the_next_step(chat: Chat):
    chat.launch()
    chat.say("StretchIntent", stretch="calf")
    second = chat.say("AMAZON.YesIntent")  # "okay" arrives as AMAZON.YesIntent
    assert "Step 2 of 5" in second.text and "foot back" in second.text
    assert second.attributes["walkthrough"]["step"] == 1
    assert "Step 3 of 5" in chat.say("AMAZON.NextIntent").text


def test_okay_at_the_end_of_one_routine_exercise_moves_on_to_the_next(chat: Chat):
    chat.say("RoutineIntent")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    assert "Next in your routine: the hamstring stretch" in chat.last.text
    hamstring = chat.say("AMAZON.YesIntent")
    assert "hamstring stretch" in hamstring.text and "Step 1 of 2" in hamstring.text


def test_next_after_the_last_step_asks_again_briefly_without_a_second_hold(chat: Chat):
    chat.say("StretchIntent", stretch="hamstring")
    last = chat.say("AMAZON.NextIntent")
    assert "Step 2 of 2" in last.text and sum(breaks_ms(last.ssml)) >= 15_000
    again = chat.say("AMAZON.NextIntent")
    assert breaks_ms(again.ssml) == [] and "Step" not in again.text and "Hold" not in again.text
    assert again.text == "That's the hamstring stretch done. Would you like me to remind you to stretch every night?"
    assert "What time should I remind you" in chat.say("AMAZON.YesIntent").text


def test_next_after_the_calf_stretch_offers_the_hamstring_again_and_okay_takes_it(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    again = chat.say("AMAZON.NextIntent")
    assert again.text == "That's the calf stretch, both sides done. Would you like the hamstring stretch next?"
    assert "Step 1 of 2" in chat.say("AMAZON.YesIntent").text


def test_next_after_the_whole_routine_offers_the_reminder_without_repeating_toe_curls(chat: Chat):
    chat.say("RoutineIntent")
    for _ in range(ROUTINE_NEXTS):
        chat.say("AMAZON.NextIntent")
    again = chat.say("AMAZON.NextIntent")
    assert '<prosody volume="soft">1</prosody>' not in again.ssml  # the ten counted curls aren't replayed
    assert again.text.startswith("That's your whole bedtime routine.") and again.text.endswith("every night?")


def test_going_back_from_the_end_drops_the_end_offer_so_okay_means_next(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    assert chat.last.text.endswith("hamstring stretch next?")
    assert "Step 4 of 5" in chat.say("AMAZON.PreviousIntent").text
    assert "Step 5 of 5" in chat.say("AMAZON.YesIntent").text


def test_help_at_the_end_of_an_exercise_restates_the_offer_and_yes_still_takes_it(chat: Chat):
    chat.say("StretchIntent", stretch="calf")
    for _ in range(4):
        chat.say("AMAZON.NextIntent")
    help_reply = chat.say("AMAZON.HelpIntent")
    assert help_reply.text == "Say yes for the hamstring stretch, or no."
    assert "Step 1 of 2" in chat.say("AMAZON.YesIntent").text


@pytest.mark.parametrize(
    "locale, distance",
    [
        ("en-US", "a foot and a half"),
        ("en-CA", "forty-five centimetres"),
        ("en-GB", "forty-five centimetres"),
        ("en-AU", "forty-five centimetres"),
        ("en-IN", "forty-five centimetres"),
    ],
)
def test_the_calf_step_measures_the_way_the_locale_does(locale: str, distance: str):
    chat = Chat(Device(locale=locale))
    chat.say("StretchIntent", stretch="calf")
    assert distance in chat.say("AMAZON.NextIntent").text
