"""Screens: on an Echo Show every step shows the exercise, where we are, the instruction, the position and
(during a hold) a countdown as long as the spoken hold; Back / Repeat / Next touched do what saying them
does; answers get a screen to read; a clock counts the hold down; speakers get nothing visual. Every document
passes Amazon's offline validator and our own checks (tests/apl_checks.py) with every data it is sent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cramp_helper import exercises, screens
from cramp_helper.content import LOCALES, content_for
from cramp_helper.exercises import Exercise, Step
from cramp_helper.speech import HOLD_START_SOUND_MS
from simulator.envelopes import DISPLAYS, Device, intent_request, user_event
from tests.apl_checks import problems, send_events
from tests.chat import MAX_RESPONSE_BYTES, Chat, Reply

ROOT = Path(__file__).resolve().parents[1]
SCREENS = [name for name, shown in DISPLAYS.items() if "viewport" in shown and name != "old-show"]
NIGHT = datetime(2026, 1, 15, 4, 0, tzinfo=UTC)  # 11 PM in New York
DAY = datetime(2026, 1, 15, 15, 0, tzinfo=UTC)  # 10 AM in New York


def render_documents(reply: Reply, kind: str = "Alexa.Presentation.APL.RenderDocument") -> list[dict]:
    return [directive for directive in reply.directives if directive["type"] == kind]


def screen_of(reply: Reply) -> dict:
    """The one APL screen this reply sends: its token, document and data."""
    shown = render_documents(reply)
    assert len(shown) == 1, [directive["type"] for directive in reply.directives]
    return shown[0]


def spoken_hold_ms(ssml: str, words: dict) -> int:
    """The silence between "hold it there" and "and relax": the hold Alexa speaks."""
    start, done = ssml.find(words["hold_start"]), ssml.find(words["hold_done"])
    if start < 0:
        return 0
    return sum(int(ms) for ms in re.findall(r'<break time="(\d+)ms"/>', ssml[start:done]))


def walk_exercise(chat: Chat, exercise: str, locale: str = "en-US") -> list[Reply]:
    """Ask for the exercise, then say next until its last step: one reply per step."""
    said = content_for(locale)["exercises"][exercise]
    replies = [chat.say("StretchIntent", stretch=said["slot"]["value"])]
    for _ in exercises.BY_ID[exercise].steps[1:]:
        replies.append(chat.say("AMAZON.NextIntent"))
    return replies


def check_step_screen(reply: Reply, exercise: str, number: int, locale: str = "en-US") -> dict:
    """The step screen for step `number` (0-based) of `exercise`: right document, data and countdown."""
    words = content_for(locale)
    definition = exercises.BY_ID[exercise]
    step = definition.steps[number]
    directive = screen_of(reply)
    data = directive["datasources"]["screen"]
    assert directive["token"] == "step"
    assert data["title"] == words["exercises"][exercise]["title"]
    assert data["progress"] == words["screen"]["progress"].format(number=number + 1, total=len(definition.steps))
    assert data["text"] == words["exercises"][exercise]["steps"][number]["text"]
    assert data["holdMs"] == step.hold_seconds * 1000 == spoken_hold_ms(reply.ssml, words["walkthrough"])
    assert (data["leadMs"] > 0) == bool(step.hold_seconds)
    assert data["reps"] == (words["screen"]["reps"].format(count=step.reps) if step.reps else "")
    drawn = screens.figure(exercise, number)
    assert data["figure"] is (drawn is not None)
    assert directive["document"]["graphics"].get("figure") == drawn
    assert sorted(send_events(directive["document"])) == [["next"], ["previous"], ["repeat"]]
    return directive


# -- every step, every exercise, the routine ----------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("exercise", [exercise.id for exercise in exercises.EXERCISES])
def test_on_a_show_every_step_shows_its_instruction_figure_and_a_countdown_as_long_as_the_hold(exercise, locale):
    chat = Chat(Device(locale=locale, display="show"))
    for number, reply in enumerate(walk_exercise(chat, exercise, locale)):
        check_step_screen(reply, exercise, number, locale)
        assert reply.card["content"]  # the card is still there for the Alexa app
    # past the last step: what follows is asked again, on a screen to read
    after = chat.say("AMAZON.NextIntent")
    assert screen_of(after)["token"] == "info"
    assert screen_of(after)["datasources"]["screen"]["text"] == after.card["content"]


def test_the_routine_shows_each_exercise_in_turn_to_its_last_step():
    chat = Chat(Device(display="show"))
    reply = chat.say("RoutineIntent")
    for exercise in exercises.ROUTINE:
        for number in range(exercises.step_count(exercise)):
            if (exercise, number) != (exercises.ROUTINE[0], 0):
                reply = chat.say("AMAZON.NextIntent")
            check_step_screen(reply, exercise, number)
    assert content_for("en-US")["walkthrough"]["routine_done"] in reply.text


def test_the_countdown_runs_on_the_device_from_the_documents_own_clock():
    reply = walk_exercise(Chat(Device(display="show")), "calf")[2]
    document = json.dumps(screen_of(reply)["document"])
    assert "elapsedTime" in document and "Time.format('m:ss'" in document  # no server call counts it down
    data = screen_of(reply)["datasources"]["screen"]
    words_before_hold = len(reply.text[: reply.text.index("Hold it there.") + len("Hold it there.")].split())
    # "Get ready" while the instruction and the start note are heard
    assert data["leadMs"] == screens.lead_in_ms(words_before_hold) + HOLD_START_SOUND_MS


def test_a_new_exercise_without_a_figure_still_gets_its_screens(monkeypatch):
    new = Exercise("ankle_circles", (Step(), Step(hold_seconds=15)), in_routine=False)
    monkeypatch.setitem(exercises.BY_ID, new.id, new)
    words = {
        "title": "Ankle circles",
        "name": "ankle circles",
        "intro": "Let's do some ankle circles.",
        "steps": [{"text": "Sit with one leg out in front of you."}, {"text": "Point your toes up and hold."}],
        "done": "That's ankle circles done.",
        "slot": {"value": "ankle circles", "synonyms": []},
    }
    monkeypatch.setitem(content_for("en-US")["exercises"], new.id, words)
    chat = Chat(Device(display="show"))
    first = chat.send(
        intent_request("StretchIntent", {"stretch": "ankle circles", "symptom": None}, {"stretch": "ankle_circles"})
    )
    second = chat.say("AMAZON.NextIntent")
    for number, reply in enumerate((first, second)):
        directive = check_step_screen(reply, "ankle_circles", number)
        assert directive["datasources"]["screen"]["figure"] is False
        assert "figure" not in directive["document"]["graphics"]
        assert problems(directive["document"], directive["datasources"]) == []
    assert screen_of(second)["datasources"]["screen"]["holdMs"] == 15_000


# -- touch ---------------------------------------------------------------------------------------------


def test_touching_next_back_and_repeat_gives_the_same_replies_as_saying_them():
    spoken, touched = Chat(Device(display="show")), Chat(Device(display="show"))
    for chat in (spoken, touched):
        chat.say("StretchIntent", stretch="calf")
    voice = {"next": "AMAZON.NextIntent", "previous": "AMAZON.PreviousIntent", "repeat": "AMAZON.RepeatIntent"}
    # back at the first step, forward through every step and past the last, back, repeat
    for button in ["previous", "next", "repeat", "next", "next", "previous", "next", "next", "next", "next"]:
        said, pressed = spoken.say(voice[button]), touched.send(user_event(button))
        assert pressed.ssml == said.ssml and pressed.reprompt == said.reprompt
        assert pressed.directives == said.directives
        assert pressed.attributes == said.attributes


def test_touching_next_outside_an_exercise_does_what_saying_next_does():
    spoken, touched = Chat(Device(display="show")), Chat(Device(display="show"))
    for chat in (spoken, touched):
        chat.say("CauseIntent")
    said, pressed = spoken.say("AMAZON.NextIntent"), touched.send(user_event("next"))
    assert pressed.ssml == said.ssml and content_for("en-US")["causes"]["pages"][1] in pressed.text
    assert screen_of(pressed)["token"] == "info"


def test_a_touch_the_skill_did_not_draw_is_answered_without_losing_the_exercise():
    chat = Chat(Device(display="show"))
    chat.say("StretchIntent", stretch="calf")
    reply = chat.send(user_event("dance"))
    assert reply.text and not reply.ended
    assert chat.say("AMAZON.NextIntent").text.startswith("Step 2 of 5.")


# -- which devices get what ----------------------------------------------------------------------------


def conversation(chat: Chat) -> list[Reply]:
    return [
        chat.launch(),
        *walk_exercise(chat, "calf"),
        chat.say("CauseIntent"),
        chat.say("RemedyIntent"),
        chat.say("NutritionIntent"),
        chat.say("DoctorIntent"),
        chat.say("MedicineIntent", medicine="quinine"),
        chat.say("CrampNowIntent", symptom="my calf is swollen and hot"),
        chat.say("AMAZON.HelpIntent"),
    ]


@pytest.mark.parametrize("display", [None, "old-show"])
def test_speakers_and_screens_older_than_the_documents_get_nothing_visual(display):
    for reply in conversation(Chat(Device(display=display))):
        assert reply.directives == []


def test_the_bedside_clock_counts_down_each_hold_and_shows_nothing_else():
    replies = walk_exercise(Chat(Device(display="clock")), "calf")
    for step, reply in zip(exercises.BY_ID["calf"].steps, replies, strict=True):
        assert render_documents(reply) == []
        clock = render_documents(reply, "Alexa.Presentation.APLT.RenderDocument")
        if not step.hold_seconds:
            assert clock == []
            continue
        (directive,) = clock
        data = directive["datasources"]["clock"]
        assert directive["targetProfile"] == "FOUR_CHARACTER_CLOCK"
        assert directive["document"]["mainTemplate"]["item"]["type"] == "TimeText"
        spoken = spoken_hold_ms(reply.ssml, content_for("en-US")["walkthrough"])
        assert data["hold"] == step.hold_seconds == spoken // 1000
        # it reaches 00:00 as the spoken hold ends: the hold, after the words and the note before it
        assert data["seconds"] == step.hold_seconds + round(
            (
                screens.lead_in_ms(len(reply.text[: reply.text.index("Hold it there.") + 14].split()))
                + HOLD_START_SOUND_MS
            )
            / 1000
        )
        assert problems(directive["document"], directive["datasources"]) == []


@pytest.mark.parametrize(
    "display, layout",
    [("show", "row"), ("show5", "row"), ("show1", "row"), ("tv", "row"), ("spot", "round"), ("tablet", "column")],
)
def test_each_screen_gets_the_layout_for_its_shape_and_size(display, layout):
    reply = Chat(Device(display=display)).say("StretchIntent", stretch="calf")
    assert screen_of(reply)["datasources"]["screen"]["layout"] == layout


def test_answers_get_a_screen_to_read_with_their_title_and_words():
    chat = Chat(Device(display="show"))
    words = content_for("en-US")
    # the doctor answer opens with urgent help, so it is titled as urgent
    for intent, section, slots in [
        ("CauseIntent", "causes", {}),
        ("RemedyIntent", "remedies", {}),
        ("NutritionIntent", "nutrition", {}),
        ("DoctorIntent", "urgent", {}),
        ("MedicineIntent", "medicines", {"medicine": "magnesium"}),
        ("RestlessLegsIntent", "restless_legs", {}),
    ]:
        reply = chat.say(intent, **slots)
        directive = screen_of(reply)
        assert directive["token"] == "info"
        assert directive["datasources"]["screen"]["title"] == words[section]["title"] == reply.card["title"]
        assert directive["datasources"]["screen"]["text"] == reply.card["content"]
        assert send_events(directive["document"]) == []


def test_at_night_screens_are_dark_and_dim_but_urgent_help_never_is(alexa_api):
    night = Chat(Device(api_endpoint=alexa_api.endpoint, now=NIGHT, display="show"))
    step = night.say("StretchIntent", stretch="calf")
    assert screen_of(step)["datasources"]["screen"]["night"] is True
    urgent = screen_of(night.say("CrampNowIntent", symptom="my calf is swollen and hot"))["datasources"]["screen"]
    assert urgent["urgent"] is True and urgent["night"] is False
    day = Chat(Device(api_endpoint=alexa_api.endpoint, now=DAY, display="show"))
    assert screen_of(day.say("StretchIntent", stretch="calf"))["datasources"]["screen"]["night"] is False
    colours = screens.document("step")["resources"][0]["colors"]
    assert colours["nightBackground"] == "#000000" and _brightness(colours["nightText"]) < 0.6 * _brightness(
        colours["dayBackground"]
    )


def _brightness(colour: str) -> float:
    return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5)) / 3


@pytest.mark.parametrize("display", SCREENS)
def test_every_reply_with_its_screen_stays_within_alexas_24_kb(display):
    largest = max(len(json.dumps(reply.envelope).encode()) for reply in conversation(Chat(Device(display=display))))
    assert largest <= MAX_RESPONSE_BYTES  # Chat checks each reply too; this names the figure if it fails


# -- the documents themselves ---------------------------------------------------------------------------


def every_screen_sent() -> dict[str, tuple[dict, dict]]:
    """Every (document, data) pair the skill sends: each exercise's every step, an answer, urgent help, the
    clock; on every screen device, by day and at night."""
    sent: dict[str, tuple[dict, dict]] = {}
    for display in [*SCREENS, "clock"]:
        for night in (False, True):
            chat = Chat(Device(display=display))
            replies = [reply for exercise in exercises.EXERCISES for reply in walk_exercise(chat, exercise.id)]
            replies += [chat.say("CauseIntent"), chat.say("CrampNowIntent", symptom="my chest hurts")]
            for number, reply in enumerate(replies):
                for directive in reply.directives:
                    data = json.loads(json.dumps(directive["datasources"]))
                    if "screen" in data:
                        data["screen"]["night"] = night
                    sent[f"{display}-{'night' if night else 'day'}-{number}-{directive['token']}"] = (
                        directive["document"],
                        data,
                    )
    return sent


@pytest.fixture(scope="module")
def sent() -> dict[str, tuple[dict, dict]]:
    return every_screen_sent()


def test_every_document_sent_passes_the_structural_checks_with_its_data(sent):
    assert {name.rsplit("-", 1)[1] for name in sent} == {"step", "info", "clock"}
    for name, (document, data) in sent.items():
        assert problems(document, data) == [], name


def test_every_apl_document_sent_passes_amazons_offline_validator(sent):
    node = shutil.which("node")
    assert node, "make test needs node (npm installs apl-suggester)"
    distinct = {}
    for name, (document, _) in sent.items():
        if document["type"] == "APL":
            distinct.setdefault(json.dumps(document, sort_keys=True), name)
    assert len(distinct) > len(exercises.EXERCISES)  # the figures differ by step
    documents = {name: json.loads(text) for text, name in distinct.items()}
    result = subprocess.run(
        [node, str(ROOT / "tools" / "validate_apl.js")],
        input=json.dumps(documents),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {name: [] for name in documents}


def test_the_validator_would_catch_a_broken_document():
    """The offline validator really runs: a wrong property and a wrong value are reported."""
    broken = json.loads(json.dumps(screens.document("info")))
    broken["mainTemplate"]["items"][0]["items"][0]["fontSize"] = "huge"
    result = subprocess.run(
        ["node", str(ROOT / "tools" / "validate_apl.js")],
        input=json.dumps({"broken": broken}),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert json.loads(result.stdout)["broken"], result.stdout


def test_the_structural_checks_catch_what_the_validator_misses():
    document = json.loads(json.dumps(screens.step_document(exercises_walk("calf", 2))))
    data = {"screen": {"layout": "row", "night": False}}  # most of the data missing
    assert any("the data has no screen.title" in problem for problem in problems(document, data))
    document["mainTemplate"]["items"][0]["type"] = "Contaner"
    document["import"] = [{"name": "alexa-layouts", "version": "1.7.0"}]
    del document["graphics"]["figure"]
    found = " ".join(problems(document, {"screen": {"figure": True}}))
    assert "unknown component type 'Contaner'" in found and "imports packages" in found
    assert "graphic 'figure' is not in the document" in found


def exercises_walk(exercise: str, step: int):
    from cramp_helper.session import Walkthrough

    return Walkthrough(exercise, step)


# -- the figures can be looked at ------------------------------------------------------------------------


def test_the_figures_command_writes_each_figure_as_svg_and_docs_figures_is_up_to_date(tmp_path):
    written = subprocess.run(
        [sys.executable, "-m", "tools.draw_figures", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert written.returncode == 0, written.stderr
    expected = {
        f"{exercise.id}-{number + 1}.svg"
        for exercise in exercises.EXERCISES
        for number in range(len(exercise.steps))
        if screens.figure(exercise.id, number)
    }
    assert {path.name for path in tmp_path.iterdir()} == expected and expected
    for path in tmp_path.iterdir():
        svg = ElementTree.parse(path).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(svg.findall(".//{http://www.w3.org/2000/svg}path")) >= 2  # a body, not an empty frame
    checked = subprocess.run(
        [sys.executable, "-m", "tools.draw_figures", "--check"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert checked.returncode == 0, checked.stderr


def test_the_console_shows_what_the_screen_would_show():
    from simulator.console import render

    reply = walk_exercise(Chat(Device(display="show")), "calf")[2]
    lines = "\n".join(render(reply.envelope))
    assert "[screen step (row)] Calf stretch · Step 3 of 5 · figure of the position" in lines
    assert "Hold 0:20 counting down to 0:00" in lines and "[Back]  [Repeat]  [Next]" in lines
    clock = walk_exercise(Chat(Device(display="clock")), "calf")[2]
    assert "[clock display] 00:" in "\n".join(render(clock.envelope))


def test_a_turn_without_a_screen_loads_no_document_and_no_apl_code():
    """Cold-start cost stays with the devices that have screens: a fresh process answering a speaker reads no
    document and imports none of the SDK's APL classes; the first Echo Show turn then reads the step document."""
    probe = """
import json, sys
import lambda_function
from cramp_helper import screens
from simulator.envelopes import Device, envelope, intent_request
request = intent_request("StretchIntent", {"stretch": "calf", "symptom": None}, {"stretch": "calf"})
lambda_function.handler(envelope(request, Device(), session_id="s"), None)
before = (screens.document.cache_info().currsize, "ask_sdk_model.interfaces.alexa.presentation.apl" in sys.modules)
answer = lambda_function.handler(envelope(request, Device(display="show"), session_id="t"), None)
print(json.dumps([before, screens.document.cache_info().currsize, len(answer["response"]["directives"])]))
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [[0, False], 1, 1]
