"""Holds you can hear: a soft note as a hold starts and a chime as it ends, the hold exactly the pace's length,
within Alexa's limits at every pace; "quiet holds" / "sin sonidos" turns them off and is remembered."""

from __future__ import annotations

import re

import pytest

from cramp_helper import pace
from cramp_helper.content import content_for
from cramp_helper.exercises import EXERCISES
from cramp_helper.speech import HOLD_END_SOUND, HOLD_START_SOUND, Speech
from simulator.envelopes import Device
from simulator.nlu import Nlu
from tests.chat import MAX_AUDIO_TAGS, Chat, Reply

ALEXA_MAX_AUDIO_SECONDS = 240  # the longest a response's speech and audio may play
WORDS_PER_SECOND_SLOWEST = 2.0  # a generous bound on speaking time at the slowest step rate


def breaks_ms(ssml: str) -> int:
    return sum(int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', ssml))


def hear(chat: Chat, said: str) -> Reply:
    return chat.send(Nlu.for_locale(chat.device.locale).resolve(said).request())


CALF_STRETCH = {"en": "calf stretch", "es": "estiramiento de pantorrilla"}


def first_hold(chat: Chat) -> Reply:
    """Start the calf stretch and say next until a step with a hold."""
    reply = hear(chat, CALF_STRETCH[chat.device.locale[:2]])
    for _ in range(5):
        if breaks_ms(reply.ssml) >= 10_000:
            return reply
        reply = chat.say("AMAZON.NextIntent")
    raise AssertionError(f"no hold in the first steps of the calf stretch: {reply.text}")


@pytest.mark.parametrize("seconds", range(pace.MIN_HOLD_SECONDS, pace.MAX_HOLD_SECONDS + 1, pace.HOLD_STEP_SECONDS))
def test_every_hold_at_every_pace_starts_and_ends_with_a_sound_and_lasts_exactly_its_seconds(seconds: int):
    words = content_for("en-US")["walkthrough"]
    ssml = Speech().hold(seconds, words["hold_start"], words["hold_done"], words["count_words"]).ssml()
    start, end = ssml.index(HOLD_START_SOUND), ssml.index(HOLD_END_SOUND)
    silence = ssml[start:end]
    assert breaks_ms(silence) == seconds * 1000 == breaks_ms(ssml)  # the sounds are outside the hold
    assert ssml.index(words["hold_start"]) < start and end < ssml.index(words["hold_done"])
    assert ssml.count("<audio") <= MAX_AUDIO_TAGS


def test_no_step_of_any_exercise_at_the_longest_hold_and_slowest_pace_passes_alexas_audio_limit():
    words = content_for("en-US")
    for exercise in EXERCISES:
        said = words["exercises"][exercise.id]
        for index, step in enumerate(exercise.steps):
            seconds = pace.hold_for(step, pace.Pace(pace.MAX_HOLD_SECONDS, "slow"))
            text = " ".join(
                [
                    said["intro"],
                    said["steps"][index]["text"],
                    words["walkthrough"]["hold_start"],
                    words["walkthrough"]["hold_done"],
                    words["walkthrough"]["routine_intro"],
                ]
            )
            speaking = len(text.split()) / WORDS_PER_SECOND_SLOWEST + step.reps * 3
            assert seconds + speaking < ALEXA_MAX_AUDIO_SECONDS, (exercise.id, index)


def test_a_guided_hold_sounds_at_its_start_and_end(chat: Chat):
    hold = first_hold(chat)
    assert hold.ssml.count(HOLD_START_SOUND) == 1 and hold.ssml.count(HOLD_END_SOUND) == 1
    assert "sound" not in hold.card["content"]  # the card keeps the words only


@pytest.mark.parametrize(
    "locale, quiet, sounds",
    [
        ("en-US", "quiet holds", "turn the sounds back on"),
        ("es-US", "sin sonidos", "con sonidos"),
        ("es-ES", "sin sonidos", "con sonidos"),
    ],
)
def test_quiet_holds_turns_the_sounds_off_and_is_remembered_next_time(locale: str, quiet: str, sounds: str):
    device = Device(locale=locale)
    chat = Chat(device)
    chat.launch()
    first_hold(chat)
    said = hear(chat, quiet)
    assert said.text.startswith(content_for(locale)["pace"]["quiet"]), said.text
    assert "<audio" not in chat.say("AMAZON.RepeatIntent").ssml

    later = Chat(device)  # another night: a new session reads the stored choice
    later.launch()
    assert "<audio" not in first_hold(later).ssml
    assert hear(later, sounds).text.startswith(content_for(locale)["pace"]["sounds"])
    assert HOLD_START_SOUND in later.say("AMAZON.RepeatIntent").ssml


def test_the_console_speaks_a_hold_as_ding_then_its_silence_then_ding(chat: Chat):
    from simulator.console import SOUND_SAID_AS, ssml_for_espeak

    spoken = ssml_for_espeak(first_hold(chat).ssml)
    start, end = spoken.index(SOUND_SAID_AS), spoken.rindex(SOUND_SAID_AS)
    assert "<audio" not in spoken and start < end and breaks_ms(spoken[start:end]) == breaks_ms(spoken) >= 10_000


def test_the_screen_countdown_starts_after_the_start_sound(chat_show: Chat):
    with_sound = first_hold(chat_show)
    lead = screen_lead_ms(with_sound)
    hear(chat_show, "quiet holds")
    quiet = screen_lead_ms(chat_show.say("AMAZON.RepeatIntent"))
    assert lead - quiet == 1000


def screen_lead_ms(reply: Reply) -> int:
    (directive,) = [d for d in reply.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument"]
    return int(directive["datasources"]["screen"]["leadMs"])


@pytest.fixture
def chat_show() -> Chat:
    chat = Chat(Device(display="show"))
    chat.launch()
    return chat
