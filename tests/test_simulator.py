"""The console simulator: NLU against the real interaction model, rendering, and whole conversations."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from cramp_helper.content import content_for
from simulator import console as console_module
from simulator.alexa_api import REMINDERS_PATH, AlexaApiStandIn
from simulator.console import Console, local_time_zone, render, ssml_to_text
from simulator.nlu import DEFAULT_MODEL, Nlu, parse_time

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu.from_model_file(DEFAULT_MODEL)


# -- NLU: the real model ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said, intent",
    [
        ("my calf is cramping", "CrampNowIntent"),
        ("ow my leg", "CrampNowIntent"),
        ("Ow!! My leg...", "CrampNowIntent"),
        ("ouch my calf is really cramping", "CrampSiteIntent"),
        ("i have a cramp in my foot", "CrampSiteIntent"),
        ("what helps leg cramps", "RemedyIntent"),
        ("what helps with leg cramps at night", "RemedyIntent"),
        ("what causes leg cramps at night", "CauseIntent"),
        ("how do I stretch my calf", "StretchIntent"),
        ("could you please stretch my calf", "StretchIntent"),
        ("is it restless leg syndrome or what", "RestlessLegsIntent"),
        ("should i see a doctor about my cramps", "DoctorIntent"),
        ("cancel my reminder", "CancelReminderIntent"),
        ("delete all my data", "DeleteDataIntent"),
    ],
)
def test_everyday_phrasing(nlu, said, intent):
    resolution = nlu.resolve(said)
    assert (resolution.kind, resolution.intent) == ("intent", intent)


@pytest.mark.parametrize(
    "said, intent",
    [
        ("yes", "AMAZON.YesIntent"),
        ("yeah", "AMAZON.YesIntent"),
        ("please do", "AMAZON.YesIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("no thanks", "AMAZON.NoIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("shut up", "AMAZON.StopIntent"),
        ("goodbye", "AMAZON.StopIntent"),
        ("cancel", "AMAZON.CancelIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("what can I say?", "AMAZON.HelpIntent"),
        ("next", "AMAZON.NextIntent"),
        ("next step", "AMAZON.NextIntent"),
        ("go on", "AMAZON.NextIntent"),
        ("go back", "AMAZON.PreviousIntent"),
        ("previous", "AMAZON.PreviousIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("what?", "AMAZON.RepeatIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("from the beginning", "AMAZON.StartOverIntent"),
        ("main menu", "AMAZON.NavigateHomeIntent"),
    ],
)
def test_built_in_intents(nlu, said, intent):
    assert nlu.resolve(said).intent == intent


@pytest.mark.parametrize(
    "said, slot, heard, resolved",
    [
        ("how do I stretch my calves", "stretch", "calves", "calf"),
        ("stretch my back of my thigh", "stretch", "back of my thigh", "hamstring"),
        ("toe curls", "stretch", "toe curls", "toe_curls"),
        ("cramps from my water pills", "cause", "my water pills", "diuretics"),
        ("is it because of my kidneys", "cause", "kidneys", "kidney_disease"),
        ("what foods have bananas", "nutrient", "bananas", "potassium"),
        ("what foods have magnesium", "nutrient", "magnesium", "magnesium"),
        ("tell me about diabetes", "cause", "diabetes", "diabetes"),
    ],
)
def test_slot_synonyms_resolve_to_the_value_id(nlu, said, slot, heard, resolved):
    resolution = nlu.resolve(said)
    assert resolution.slots[slot] == heard
    assert resolution.resolved == {slot: resolved}
    authority = resolution.request()["intent"]["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"]["id"] == resolved


def test_a_value_outside_the_type_is_heard_but_not_resolved(nlu):
    resolution = nlu.resolve("how do I stretch my neck")
    assert (resolution.intent, resolution.slots, resolution.resolved) == (
        "StretchIntent",
        {"stretch": "neck", "symptom": None},
        {},
    )
    slot = resolution.request()["intent"]["slots"]["stretch"]
    assert slot["value"] == "neck"
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_every_slot_of_the_intent_is_sent_even_unspoken(nlu):
    resolution = nlu.resolve("give me a stretch")
    assert resolution.slots == {"stretch": None, "symptom": None}
    assert resolution.request()["intent"]["slots"] == {
        "stretch": {"name": "stretch", "confirmationStatus": "NONE"},
        "symptom": {"name": "symptom", "confirmationStatus": "NONE"},
    }


@pytest.mark.parametrize(
    "said",
    [
        "what's the weather in Paris",
        "play some music",
        "order a pizza",
        "turn on the lights",
        "hello",
        "who won the game",
        "",
    ],
)
def test_unknown_requests_go_to_fallback(nlu, said):
    assert nlu.resolve(said).intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(
    "said",
    [
        "open leg cramp helper",
        "Alexa, open Leg Cramp Helper.",
        "launch leg cramp helper",
        "start leg cramp helper",
        "leg cramp helper",
        "ask leg cramp helper",
    ],
)
def test_launch_phrases(nlu, said):
    resolution = nlu.resolve(said)
    assert resolution.kind == "launch" and resolution.invoked
    assert resolution.request() == {"type": "LaunchRequest"}


@pytest.mark.parametrize(
    "said, intent",
    [
        ("ask leg cramp helper how do I stretch my calf", "StretchIntent"),
        ("Alexa, tell leg cramp helper I have a cramp", "CrampNowIntent"),
        ("ask leg cramp helper to remind me at 9 pm", "SetReminderIntent"),
        ("ask leg cramp helper what causes leg cramps", "CauseIntent"),
        ("open leg cramp helper and stretch my calf", "StretchIntent"),
        ("what helps leg cramps using leg cramp helper", "RemedyIntent"),
    ],
)
def test_one_shot_invocations(nlu, said, intent):
    resolution = nlu.resolve(said)
    assert (resolution.kind, resolution.intent, resolution.invoked) == ("intent", intent, True)


@pytest.mark.parametrize(
    "said, value",
    [
        ("remind me at 9 pm", "21:00"),
        ("remind me at nine pm", "21:00"),
        ("remind me at 9:30 pm", "21:30"),
        ("set a reminder for 21:00", "21:00"),
        ("remind me at half past nine", "09:30"),
        ("remind me tonight", "NI"),
        ("remind me at night", "NI"),
        ("remind me in the evening", "EV"),
        ("remind me in the morning", "MO"),
        ("remind me this afternoon", "AF"),
        ("could you remind me around ten thirty every night", "22:30"),
    ],
)
def test_time_slots_use_alexas_format_and_carry_no_resolutions(nlu, said, value):
    resolution = nlu.resolve(said)
    assert (resolution.intent, resolution.slots) == ("SetReminderIntent", {"time": value})
    slot = resolution.request()["intent"]["slots"]["time"]
    assert slot["value"] == value and "resolutions" not in slot  # built-in types have no entity resolution


@pytest.mark.parametrize(
    "spoken, value",
    [
        ("9 pm", "21:00"),
        ("9pm", "21:00"),
        ("9 p.m.", "21:00"),
        ("nine pm", "21:00"),
        ("9:30 pm", "21:30"),
        ("21:00", "21:00"),
        ("half past nine", "09:30"),
        ("quarter to ten pm", "21:45"),
        ("ten oh five pm", "22:05"),
        ("nine thirty", "09:30"),
        ("12 am", "00:00"),
        ("12 pm", "12:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("nine at night", "21:00"),
        ("tonight", "NI"),
        ("night", "NI"),
        ("evening", "EV"),
        ("morning", "MO"),
        ("afternoon", "AF"),
        ("banana", None),
        ("25:00", None),
        ("13 pm", None),
    ],
)
def test_parse_time(spoken, value):
    assert parse_time(spoken) == value


def test_every_sample_utterance_resolves_to_its_own_intent(nlu):
    """The model's samples, slots filled with their own values, come back as their intent: a
    sample that another intent captures would confuse Alexa too."""
    first_value = {name: next(iter(values)) for name, values in nlu.values.items()}
    fill = {"AMAZON.TIME": "9 pm"}
    wrong = []
    for pattern in nlu.patterns:
        slots = nlu.intent_slots[pattern.intent]
        text = pattern.regex.pattern.replace("\\ ", " ")
        for name in pattern.slots:
            value = first_value.get(slots[name]) or fill.get(slots[name], "x")
            text = text.replace(f"(?P<{name}>.+?)", value)
        got = nlu.resolve(text).intent
        if got != pattern.intent:
            wrong.append(f"{text!r}: {pattern.intent} → {got}")
    assert wrong == []


# -- NLU: a small model of its own ---------------------------------------------------------------

SAMPLE_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "sample helper",
            "intents": [
                {
                    "name": "ColourIntent",
                    "slots": [{"name": "colour", "type": "ColourType"}],
                    "samples": ["paint it {colour}", "I like {colour}"],
                },
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {
                    "name": "ColourType",
                    "values": [{"id": "RED", "name": {"value": "red", "synonyms": ["crimson", "scarlet"]}}],
                }
            ],
        }
    }
}


def test_a_small_model():
    nlu = Nlu(SAMPLE_MODEL)
    assert nlu.resolve("open sample helper").kind == "launch"
    painted = nlu.resolve("Paint it crimson!")
    assert (painted.intent, painted.slots, painted.resolved) == (
        "ColourIntent",
        {"colour": "crimson"},
        {"colour": "RED"},
    )
    assert nlu.resolve("paint it teal").resolved == {}
    assert nlu.resolve("stop").intent == "AMAZON.StopIntent"
    # built-ins answer only when the model has them: no NextIntent here
    assert nlu.resolve("next").intent == "AMAZON.FallbackIntent"


GARDEN_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "garden helper",
            "intents": [
                {
                    "name": "PlantIntent",
                    "slots": [{"name": "plant", "type": "PlantType"}],
                    "samples": ["{plant} wilting", "do the {plant}"],
                },
                {
                    "name": "ToolIntent",
                    "slots": [{"name": "tool", "type": "ToolType"}, {"name": "trouble", "type": "TroubleType"}],
                    "samples": ["do I need a {tool}", "my plants have {trouble}"],
                },
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {"name": "PlantType", "values": [{"id": "ROSE", "name": {"value": "rose", "synonyms": ["roses"]}}]},
                {
                    "name": "ToolType",
                    "values": [
                        {"id": "HOSE", "name": {"value": "hot water hose"}},
                        {"id": "CAN", "name": {"value": "long handled watering can"}},
                    ],
                },
                {"name": "TroubleType", "values": [{"id": "HEAT", "name": {"value": "hot"}}]},
            ],
        }
    }
}


def test_a_slot_is_filled_with_a_phrase_like_its_values_never_a_whole_clause():
    """ "{plant} wilting" does not turn a long question ending in "wilting" into a plant named by ten words."""
    nlu = Nlu(GARDEN_MODEL)
    assert nlu.resolve("my tulips are wilting").slots == {"plant": "my tulips are"}  # a short unknown name: heard
    assert (
        nlu.resolve("how would i know if the heat or the dry soil is the reason my tulips are wilting").intent
        == "AMAZON.FallbackIntent"
    )


def test_a_sample_of_stopwords_around_a_value_is_not_found_in_every_sentence():
    """ "do the {plant}" is found in "do the roses", not in any sentence that names roses."""
    nlu = Nlu(GARDEN_MODEL)
    assert nlu.resolve("do the roses").intent == "PlantIntent"
    assert nlu.resolve("is it the season to cut roses back or not").intent == "AMAZON.FallbackIntent"


def test_one_stretch_of_words_fills_one_slot_the_longest_value_first():
    """A "hot water hose" is a tool: its "hot" does not also fill the trouble slot."""
    resolved = Nlu(GARDEN_MODEL).resolve("tell me if i need a hot water hose for the garden").resolved
    assert resolved == {"tool": "HOSE"}


TWO_TOOLS_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "garden helper",
            "intents": [
                {
                    "name": "CompareIntent",
                    "slots": [
                        {"name": "tool", "type": "ToolType"},
                        {"name": "otherTool", "type": "ToolType"},
                        {"name": "trouble", "type": "TroubleType"},
                    ],
                    "samples": ["is a {tool} better than a {otherTool}", "my plants have {trouble}"],
                },
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {
                    "name": "ToolType",
                    "values": [
                        {"id": "HOSE", "name": {"value": "hot water hose"}},
                        {"id": "CAN", "name": {"value": "watering can"}},
                        {"id": "SPRINKLER", "name": {"value": "sprinkler"}},
                    ],
                },
                {"name": "TroubleType", "values": [{"id": "HEAT", "name": {"value": "hot"}}]},
            ],
        }
    }
}


def test_two_slots_of_one_type_take_two_values_said_anywhere():
    """A statistical NLU fills both slots a model declares of one type, not the first alone."""
    resolution = Nlu(TWO_TOOLS_MODEL).resolve(
        "my neighbour swears by her sprinkler but would a watering can do a better job than that for my tomatoes"
    )
    assert resolution.intent == "CompareIntent"
    assert set(resolution.resolved.values()) == {"SPRINKLER", "CAN"}


def test_a_value_said_inside_a_longer_value_of_a_full_slot_is_not_a_value_of_its_own():
    """The longer tool takes the one tool slot; the "hot" of the other tool said ("hot water hose") is
    still part of a tool's name, not a trouble."""
    resolution = Nlu(GARDEN_MODEL).resolve("do i need a long handled watering can or a hot water hose")
    assert resolution.intent == "ToolIntent"
    assert resolution.resolved == {"tool": "CAN"}


VOTE_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "garden helper",
            "intents": [
                {
                    "name": "WaterIntent",
                    "samples": [
                        "how often should i water my plants",
                        "do my plants need more water",
                        "watering schedule for tomatoes",
                    ],
                },
                {
                    "name": "PestIntent",
                    "samples": [
                        "there are aphids on my roses",
                        "something is eating my lettuce leaves",
                        "how do i get rid of slugs",
                    ],
                },
                {"name": "AMAZON.FallbackIntent", "samples": ["what is the weather like", "play some music"]},
            ],
            "types": [],
        }
    }
}


def test_a_long_sentence_no_sample_is_near_reaches_the_intent_whose_samples_share_its_words():
    """As a statistical NLU generalises from all of an intent's samples, not from the nearest one alone."""
    nlu = Nlu(VOTE_MODEL)
    said = "honestly i keep wondering whether the tomatoes get enough water during this long dry summer spell"
    assert nlu.resolve(said).intent == "WaterIntent"
    assert (
        nlu.resolve("the slugs and aphids have been munching everything in the veg patch since spring").intent
        == "PestIntent"
    )


PLANTS = "tomatoes basil roses lettuce peppers beans mint ferns orchids cucumbers carrots onions garlic peas".split()


def garden_model(*intents: dict) -> dict:
    """A toy model: watering and pest questions asked of every plant, and `intents` beside them."""
    water = {"name": "WaterIntent", "samples": [f"how often should i water the {plant}" for plant in PLANTS]}
    pests = {"name": "PestIntent", "samples": [f"something is eating the {plant}" for plant in PLANTS]}
    fallback = {"name": "AMAZON.FallbackIntent", "samples": []}
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": "garden helper",
                "intents": [water, pests, *intents, fallback],
                "types": [],
            }
        }
    }


BUILT_IN_MODEL = garden_model({"name": "AMAZON.NavigateHomeIntent", "samples": []})


def test_a_built_in_command_never_wins_a_long_sentences_vote_on_one_shared_word():
    """ "Go home" and "menu" are all the console knows of NavigateHome: too few words to weigh a sentence by."""
    nlu = Nlu(BUILT_IN_MODEL)
    assert nlu.resolve("ever since we came home i have to water the basil every single day").intent == "WaterIntent"
    assert nlu.resolve("since coming home something keeps chewing my mint").intent == "PestIntent"


TROUBLE_MODEL = garden_model(
    {
        "name": "TroubleIntent",
        "slots": [{"name": "trouble", "type": "TroubleType"}],
        "samples": ["my plants have {trouble}", "i think it is {trouble}", "{trouble} again", "help with {trouble}"],
    }
)
# a long list of troubles, each naming a plant: the words of any one are rare among them all
TROUBLE_MODEL["interactionModel"]["languageModel"]["types"] = [
    {
        "name": "TroubleType",
        "values": [
            {"id": f"{plant}_{kind}", "name": {"value": f"{kind} on the {plant}"}}
            for plant in PLANTS
            for kind in ("mildew", "blight", "rust", "scale")
        ],
    }
]


def test_a_slot_lends_the_vote_one_values_words_not_every_values():
    """A sample "my plants have {trouble}" says one trouble: the plant names in the type's fifty-six values
    are not all said by it, so a watering question naming plants is not taken for a trouble."""
    nlu = Nlu(TROUBLE_MODEL)
    assert nlu.resolve("the basil and the mint need water every day in this heat").intent == "WaterIntent"
    assert nlu.resolve("i think there is mildew on the roses").intent == "TroubleIntent"


def test_a_near_sample_sharing_a_few_words_yields_to_what_the_whole_sentence_says():
    """ "something is eating the basil" is found almost whole in this sentence, whose other words say it is
    about watering: a statistical NLU weighs them all, not the nearest sample alone."""
    nlu = Nlu(garden_model())
    said = "it is not that something is eating the basil it just needs water more often i think"
    assert nlu.resolve(said).intent == "WaterIntent"
    assert nlu.resolve("something is eating the basil again").intent == "PestIntent"


FEED_MODEL = garden_model(
    {
        "name": "FeedIntent",
        "slots": [{"name": "feed", "type": "FeedType"}],
        "samples": ["is {feed} good for them", "should i use {feed}", "how about {feed}", "i bought some {feed}"],
    }
)
FEED_MODEL["interactionModel"]["languageModel"]["types"] = [
    {
        "name": "FeedType",
        "values": [
            {"id": "BONE", "name": {"value": "bone meal"}},
            {"id": "FISH", "name": {"value": "fish emulsion"}},
            {"id": "SEAWEED", "name": {"value": "seaweed"}},
        ],
    }
]


def test_a_value_said_weighs_for_the_intents_that_take_its_type():
    """A feed named in a sentence of watering words: only the feeding question has a place for it, as a
    statistical NLU that knows the slot's values weighs that match."""
    assert Nlu(FEED_MODEL).resolve("in summer the tomatoes want seaweed more often").intent == "FeedIntent"


def test_a_sentence_with_too_few_of_the_models_words_still_reaches_the_fallback():
    nlu = Nlu(VOTE_MODEL)
    assert nlu.resolve("tell me something funny about the moon and the stars tonight").intent == "AMAZON.FallbackIntent"
    assert (
        nlu.resolve("my cousin bought roses for her wedding in the city last june").intent == "AMAZON.FallbackIntent"
    )  # one word of the model is not enough


# -- what Alexa says -----------------------------------------------------------------------------


def test_ssml_to_text():
    ssml = (
        '<speak><prosody volume="soft">Hold it. <break time="5000ms"/><break time="5000ms"/> '
        '<amazon:effect name="whispered">ten</amazon:effect> <break time="1.5s"/> Salt &amp; water &lt;3'
        '<break strength="strong"/></prosody></speak>'
    )
    assert ssml_to_text(ssml) == "Hold it. [pause 10s] ten [pause 1.5s] Salt & water <3 [pause]"


def test_render_marks_reprompt_and_card():
    lines = render(
        {
            "response": {
                "outputSpeech": {"type": "SSML", "ssml": '<speak>Step 1. <break time="2000ms"/> Go.</speak>'},
                "reprompt": {"outputSpeech": {"type": "PlainText", "text": "Say next."}},
                "card": {"type": "Simple", "title": "Calf stretch", "content": "Step 1.\nGo."},
                "shouldEndSession": False,
            }
        }
    )
    assert lines == [
        "Alexa: Step 1. [pause 2s] Go.",
        "       [reprompt] Say next.",
        "       [card] Calf stretch: Step 1. / Go.",
    ]


def test_render_permission_card():
    lines = render(
        {
            "response": {
                "card": {"type": "AskForPermissionsConsent", "permissions": ["alexa::alerts:reminders:skill:readwrite"]}
            }
        }
    )
    assert lines == [
        "       [card: AskForPermissionsConsent — asks in the Alexa app for alexa::alerts:reminders:skill:readwrite]"
    ]


def test_local_time_zone(monkeypatch):
    monkeypatch.setenv("SIMULATOR_TIME_ZONE", "Europe/Berlin")
    assert local_time_zone() == "Europe/Berlin"
    monkeypatch.delenv("SIMULATOR_TIME_ZONE")
    monkeypatch.setenv("TZ", ":Asia/Tokyo")
    assert local_time_zone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "Not/AZone")
    fallback = local_time_zone()  # falls through to /etc/localtime or UTC, never an invalid name
    assert fallback != "Not/AZone" and ZoneInfo(fallback).key == fallback


# -- whole conversations in process ---------------------------------------------------------------


def run_console(api, nlu, lines: list[str]) -> tuple[str, list[str]]:
    """Play `lines` through a Console; returns what it printed and the request types it sent."""
    script: Iterator[str] = iter(lines)
    out = io.StringIO()

    def read(prompt: str) -> str | None:
        line = next(script, None)
        if line is not None:
            print(f"> {line}", file=out)
        return line

    console = Console(api, nlu, out=out, read=read)
    sent: list[str] = []
    handler = console.handler

    def recording(envelope, context):
        sent.append(envelope["request"]["type"] + ":" + envelope["request"].get("intent", {}).get("name", ""))
        return handler(envelope, context)

    console.handler = recording
    assert console.run() == 0
    return out.getvalue(), sent


def test_granting_the_reminder_permission_by_voice(alexa_api, nlu):
    output, sent = run_console(alexa_api, nlu, ["open leg cramp helper", "remind me at 9 pm", "yes", "yes"])
    assert "[Alexa asks: allow Leg Cramp Helper to create reminders? yes/no]" in output
    assert "[reminder scheduled: every day at 9:00 PM America/New_York]" in output
    assert "Connections.Response:" in sent
    assert alexa_api.has_reminders_permission(console_module.ACCESS_TOKEN)
    (reminder,) = alexa_api.reminders.values()
    assert reminder["trigger"]["timeZoneId"] == "America/New_York"


def test_denying_the_permission_creates_nothing(alexa_api, nlu):
    output, _ = run_console(alexa_api, nlu, ["open leg cramp helper", "remind me at 9 pm", "yes", "no"])
    assert "[Alexa asks: allow Leg Cramp Helper" in output
    assert alexa_api.reminders == {} and "[reminder scheduled" not in output
    assert not alexa_api.has_reminders_permission(console_module.ACCESS_TOKEN)


def test_after_the_session_ends_the_next_utterance_is_a_one_shot(alexa_api, nlu):
    output, sent = run_console(alexa_api, nlu, ["open leg cramp helper", "stop", "how do I stretch my calf", "exit"])
    assert "[session ended]" in output
    assert sent == [
        "LaunchRequest:",
        "IntentRequest:AMAZON.StopIntent",
        "IntentRequest:StretchIntent",
        "SessionEndedRequest:",
    ]
    assert calf_step(1) in output


def test_silence_reprompts_then_times_out(alexa_api, nlu):
    output, sent = run_console(alexa_api, nlu, ["open leg cramp helper", "", ""])
    assert "[no answer: the session times out]" in output
    assert sent[-1] == "SessionEndedRequest:"


# -- the real thing: python -m simulator ---------------------------------------------------------


def calf_step(number: int) -> str:
    return content_for("en-US")["exercises"]["calf"]["steps"][number - 1]["text"]


def step_label(number: int) -> str:
    words = content_for("en-US")
    total = len(words["exercises"]["calf"]["steps"])
    return words["walkthrough"]["step_of"].format(number=number, total=total)


def simulator(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PREFERENCES_DB=str(tmp_path / "console.sqlite3"), SIMULATOR_TIME_ZONE="America/New_York")
    env.pop("PREFERENCES_TABLE", None)
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )


def test_piped_script_walks_through_the_calf_stretch(tmp_path):
    result = simulator([], "open leg cramp helper\nhow do I stretch my calf\nnext\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "> open leg cramp helper" in out and "> how do I stretch my calf" in out and "> next" in out
    for number in (1, 2):
        assert step_label(number) in out and calf_step(number) in out
    assert out.index(calf_step(1)) < out.index("> next") < out.index(calf_step(2))
    assert "[reprompt]" in out and "[card]" in out


def test_help(tmp_path):
    result = simulator(["--help"], "", tmp_path)
    assert result.returncode == 0
    assert "usage: python -m simulator" in result.stdout and "--speak" in result.stdout


def test_speak_without_espeak_says_so_and_carries_on(tmp_path, monkeypatch):
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--speak"],
        input="open leg cramp helper\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env=dict(os.environ, PATH=str(Path(sys.executable).parent), PREFERENCES_DB=str(tmp_path / "p.sqlite3")),
    )
    assert result.returncode == 0, result.stderr
    assert "espeak-ng is not installed" in result.stdout and "Alexa: " in result.stdout


# -- what a real Alexa account keeps between console runs ----------------------------------------

SET_NINE_PM = "remind me to stretch at 9 pm\nyes\nyes\nexit\n"  # confirm, then allow the permission


def reminder_words() -> dict:
    return content_for("en-US")["reminders"]


def saved_account(tmp_path: Path) -> AlexaApiStandIn:
    """What the stand-in would load for the next run of `simulator(…, tmp_path)` (not started)."""
    return AlexaApiStandIn(state_file=tmp_path / "console.alexa.json")


def test_a_reminder_set_in_one_run_is_read_and_cancelled_in_the_next(tmp_path):
    first = simulator([], SET_NINE_PM, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "[Alexa asks: allow Leg Cramp Helper to create reminders? yes/no]" in first.stdout
    assert "[reminder scheduled: every day at 9:00 PM America/New_York]" in first.stdout

    second = simulator([], "when is my reminder\ncancel my reminder\nexit\n", tmp_path)
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert reminder_words()["is_set"].format(time="9 PM") in out
    assert reminder_words()["problems"]["cancel_permission"] not in out
    assert reminder_words()["cancelled"] in out and "[reminder removed]" in out
    assert "[Alexa account state:" not in out  # the file was read and saved without trouble

    third = simulator([], "when is my reminder\nexit\n", tmp_path)
    assert third.returncode == 0, third.stderr
    assert reminder_words()["is_off"].format(time="9 PM") in third.stdout
    assert reminder_words()["is_set"].format(time="9 PM") not in third.stdout
    account = saved_account(tmp_path)
    assert account.reminders == {} and account.has_reminders_permission(console_module.ACCESS_TOKEN)


def test_delete_my_data_in_a_later_run_cancels_the_saved_reminder(tmp_path):
    assert simulator([], SET_NINE_PM, tmp_path).returncode == 0
    assert len(saved_account(tmp_path).reminders) == 1
    deleted = simulator([], "delete my data\nyes\n", tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    data = content_for("en-US")["data"]
    assert data["deleted"] in deleted.stdout and "[reminder removed]" in deleted.stdout
    assert data["reminder_left"] not in deleted.stdout
    assert saved_account(tmp_path).reminders == {}
    after = simulator([], "when is my reminder\nexit\n", tmp_path)
    assert reminder_words()["none"] in after.stdout


def test_a_corrupted_state_file_is_reported_once_and_replaced(tmp_path):
    (tmp_path / "console.alexa.json").write_text('{"version": 1, "granted": [', encoding="utf-8")
    result = simulator([], SET_NINE_PM.replace("exit", "when is my reminder\nexit"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[Alexa account state:") == 1
    assert "is not a valid state file" in result.stdout and "starting fresh" in result.stdout
    assert "[reminder scheduled: every day at 9:00 PM America/New_York]" in result.stdout
    assert reminder_words()["is_set"].format(time="9 PM") in result.stdout
    account = saved_account(tmp_path)
    assert account.state_problem is None and len(account.reminders) == 1


NIGHTLY = {
    "trigger": {
        "type": "SCHEDULED_ABSOLUTE",
        "scheduledTime": "2024-03-01T21:00:00",
        "timeZoneId": "America/New_York",
        "recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"]},
    },
    "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": "Time to stretch."}]}},
    "pushNotification": {"status": "ENABLED"},
}


def reminders_call(
    api: AlexaApiStandIn,
    method: str,
    token: str = "",
    body: dict | None = None,
    access_token: str = console_module.ACCESS_TOKEN,
) -> requests.Response:
    return requests.request(
        method,
        f"{api.endpoint}{REMINDERS_PATH}{'/' + token if token else ''}",
        json=body,
        headers={"Authorization": f"Bearer {access_token}"},
        verify=api.ca_bundle,
        timeout=10,
    )


def test_the_stand_in_keeps_grants_and_reminders_in_its_state_file(tmp_path, nlu):
    path = tmp_path / "account.alexa.json"
    with AlexaApiStandIn(state_file=path) as first:
        first.grant_reminders(console_module.ACCESS_TOKEN)
        created = reminders_call(first, "POST", body=NIGHTLY).json()
    with AlexaApiStandIn(state_file=path) as second:
        assert second.state_problem is None
        assert second.has_reminders_permission(console_module.ACCESS_TOKEN)
        got = reminders_call(second, "GET", created["alertToken"])
        assert got.status_code == 200
        assert {k: got.json()[k] for k in ("createdTime", "version", "trigger")} == {
            "createdTime": created["createdTime"],
            "version": "1",
            "trigger": NIGHTLY["trigger"],
        }
        # the console's device carries the consent it was given in an earlier run
        assert (
            Console(second, nlu, out=io.StringIO(), read=lambda _: None).device.consent_token
            == console_module.CONSENT_TOKEN
        )
        assert reminders_call(second, "DELETE", created["alertToken"]).status_code == 200
        second.revoke_reminders(console_module.ACCESS_TOKEN)
    with AlexaApiStandIn(state_file=path) as third:
        assert third.reminders == {} and not third.has_reminders_permission(console_module.ACCESS_TOKEN)
        assert Console(third, nlu, out=io.StringIO(), read=lambda _: None).device.consent_token is None


GRANTED = json.dumps([console_module.ACCESS_TOKEN])


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"version": 1, "granted": "all", "reminders": {}}',
        f'{{"version": 1, "granted": {GRANTED}, "reminders": {{"t": {{"reminder": {{}}}}}}}}',
        f'{{"version": 1, "granted": {GRANTED}, "reminders": {{"t": {{"reminder": {json.dumps(NIGHTLY)}, '
        '"meta": {}}}}',
        f'{{"version": 2, "granted": {GRANTED}, "reminders": {{}}}}',
    ],
)
def test_a_bad_state_file_starts_fresh_and_says_why(tmp_path, content):
    path = tmp_path / "account.alexa.json"
    path.write_text(content, encoding="utf-8")
    api = AlexaApiStandIn(state_file=path)
    assert api.reminders == {} and not api.has_reminders_permission(console_module.ACCESS_TOKEN)
    assert api.state_problem and str(path) in api.state_problem and "starting fresh" in api.state_problem


def test_an_unwritable_state_file_is_reported_once_and_the_console_carries_on(tmp_path, nlu, monkeypatch):
    path = tmp_path / "account" / "console.alexa.json"
    path.mkdir(parents=True)  # neither readable nor replaceable as a file, even by root
    with AlexaApiStandIn(state_file=path, time_zone="America/New_York") as api:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", api.ca_bundle)
        output, _ = run_console(api, nlu, ["remind me at 9 pm", "yes", "yes", "when is my reminder"])
    assert output.count("[Alexa account state: could not read") == 1
    assert output.count("[Alexa account state: could not save") == 1
    assert "[reminder scheduled: every day at 9:00 PM America/New_York]" in output
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_without_a_state_file_the_stand_in_is_in_memory(alexa_api, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert alexa_api.state_file is None and AlexaApiStandIn().state_file is None
    alexa_api.grant_reminders(console_module.ACCESS_TOKEN)
    assert reminders_call(alexa_api, "POST", body=NIGHTLY).status_code == 200
    assert list(tmp_path.iterdir()) == []
    fresh = AlexaApiStandIn()
    assert fresh.reminders == {} and not fresh.has_reminders_permission(console_module.ACCESS_TOKEN)


@pytest.mark.parametrize("locale", ["es-US", "es-MX", "es-ES"])
def test_the_console_speaks_spanish_with_locale(tmp_path, locale):
    words = content_for(locale)
    script = (
        "abre ayudante de calambres\nme dio un calambre en la pantorrilla\nno\nsí\nsí\nsí\nsiguiente\n"
        "recuérdame estirar a las nueve de la noche\nsí\nsí\nme duele el pecho\npara\n"
    )
    result = simulator(["--locale", locale], script, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert words["disclaimer"] in out and words["cramp_now"]["steps"] in out
    assert words["check_in"]["offer"] in out and words["diary"]["offer"] in out  # no check-in: the diary
    # yes: may it keep a diary (asked the first time), yes: noted; then yes to the stretch offered
    assert words["diary"]["consent"] in out
    assert words["exercises"]["calf"]["steps"][1]["text"] in out  # "siguiente" moved on a step
    assert words["reminders"]["confirm"].format(time="las nueve de la noche") in out
    assert "[Alexa pregunta:" in out and words["reminders"]["done"].format(time="las nueve de la noche") in out
    assert words["urgent"]["emergency"] in out
    assert out.rstrip().endswith("[session ended]")


def test_an_unknown_locale_is_refused_with_a_clear_message(tmp_path):
    result = simulator(["--locale", "xx-XX"], "", tmp_path)
    assert result.returncode == 2 and "no interaction model for locale 'xx-XX'" in result.stderr


@pytest.mark.parametrize(
    "args, script, step_two",
    [
        ([], "open leg cramp helper\nhow do I stretch my calf\nI am done\n", "Step 2 of 5"),
        (["--locale", "es-MX"], "abre ayudante de calambres\nestirar la pantorrilla\nya terminé\n", "Paso 2 de 5"),
    ],
)
def test_im_done_in_a_stretch_ends_it_instead_of_moving_on(tmp_path, args, script, step_two):
    result = simulator(args, script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert step_two not in result.stdout and result.stdout.rstrip().endswith("[session ended]")


SMALL_INTENT_MODEL = garden_model(
    {"name": "FrostIntent", "samples": ["will the frost kill them", "cover plants before frost"]}
)


def test_an_intent_with_few_samples_does_not_win_every_sentence_of_unfamiliar_words():
    """A new intent with two samples must not take a sentence about watering because most of its words
    are words no intent's samples use: those are equally unlikely for every intent."""
    nlu = Nlu(SMALL_INTENT_MODEL)
    said = "honestly my tomatoes look thirsty lately and i water them twice daily during this awful heatwave"
    assert nlu.resolve(said).intent == "WaterIntent"
    assert nlu.resolve("cover the basil before the frost tonight").intent == "FrostIntent"
