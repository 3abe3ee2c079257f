"""What a device with a screen shows beside the speech, added in one place: `Turn.reply` calls `add`.

- A walkthrough step (the walkthrough tells the turn which one, `Turn.showing`): the exercise, "Step 2 of 5",
  the instruction, the position drawn in Alexa Vector Graphics, Back / Repeat / Next buttons that send an
  `Alexa.Presentation.APL.UserEvent` with `["previous"]`, `["repeat"]` or `["next"]` (handlers/touch.py), and
  during a hold a countdown the device runs from the document's own clock (`elapsedTime`), not server calls.
- Any other answer: its title and words, to read.
- A character display (APL-T, Echo Dot with clock): the hold counting down.

Only to devices whose request declares the interface, at a version the document needs, laid out for the
device's viewport (round, landscape, portrait/TV). At night screens are dark and dim (urgent help never is).
The documents and the figures are data (`content/screens/`), loaded on the first turn that sends one; the
data sources come from `exercises.py` and the locale's content, so a new exercise gets a screen without new
code (and without a figure until `content/screens/figures/<id>.json` draws one).
"""

from __future__ import annotations

import functools
import json
import os
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from . import exercises
from .session import Walkthrough

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput

    from .speech import Speech


FOLDER = os.path.join(os.path.dirname(__file__), "content", "screens")  # os.path: see content/__init__.py
STEP, INFO, CLOCK = "step", "info", "clock"  # the documents, also the directives' tokens
# How fast Alexa says a step (its instruction a little slower than normal speech): the countdown waits for
# the words before the hold, so it starts about when the hold's silence does.
WORDS_PER_SECOND = 2.5
# Alexa's whole response must stay within 24 KB; an answer's words appear in its speech and card too.
MAX_SCREEN_CHARACTERS = 3000


class Turn(Protocol):
    """What a screen needs of the turn it is added to (`turn.Turn`, which calls `add`)."""

    input: HandlerInput
    content: dict[str, Any]
    showing: Walkthrough | None

    @property
    def night(self) -> bool: ...


class Display(NamedTuple):
    """What the request says the device can show."""

    apl_version: tuple[int, ...] | None  # the APL runtime's maxVersion, None without a screen
    character_display: bool  # APL-T (a clock's digits)
    layout: str  # one of LAYOUTS


def add(turn: Turn, speech: Speech, *, title: str | None, urgent: bool, end: bool) -> None:
    """Add the screen (and the clock's countdown) for this reply, when the device has one. Nothing for a
    reply that ends the session or already carries a directive (a permission request)."""
    builder = turn.input.response_builder
    if end or builder.response.directives:
        return
    display = display_of(turn.input)
    if display is None:
        return
    walk = turn.showing
    held, words_before, cue_ms = speech.held or (0, 0, 0)
    lead_ms = lead_in_ms(words_before) + cue_ms if held else 0
    if display.apl_version is not None:
        name = STEP if walk is not None else INFO
        if display.apl_version >= version(document(name)["version"]):
            night = turn.night and not urgent
            screen = (
                step_screen(turn, walk, held, lead_ms)
                if walk is not None
                else info_screen(turn, speech, title or turn.content["skill_name"])
            )
            screen.update(layout=display.layout, night=night, urgent=urgent and walk is None)
            from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

            builder.add_directive(
                RenderDocumentDirective(
                    token=name,
                    document=step_document(walk) if walk is not None else document(INFO),
                    datasources={"screen": screen},
                )
            )
    if display.character_display and held:
        from ask_sdk_model.interfaces.alexa.presentation.aplt import RenderDocumentDirective as ClockDirective
        from ask_sdk_model.interfaces.alexa.presentation.aplt import TargetProfile

        builder.add_directive(
            ClockDirective(
                token=CLOCK,
                target_profile=TargetProfile.FOUR_CHARACTER_CLOCK,
                document=document(CLOCK),
                datasources={"clock": clock_data(held, lead_ms)},
            )
        )


# -- what the device declares -------------------------------------------------------------------------


def display_of(handler_input: HandlerInput) -> Display | None:
    """The device's screen and character display as its request declares them; None for neither."""
    context = handler_input.request_envelope.context
    device = getattr(getattr(context, "system", None), "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    apl = getattr(interfaces, "alexa_presentation_apl", None)
    aplt = getattr(interfaces, "alexa_presentation_aplt", None)
    if apl is None and aplt is None:
        return None
    apl_version = None
    if apl is not None:
        apl_version = version(getattr(getattr(apl, "runtime", None), "max_version", None))
    return Display(apl_version, aplt is not None, layout_of(handler_input) if apl is not None else "row")


def version(text: object) -> tuple[int, ...]:
    """'1.6' → (1, 6); '2024.2' → (2024, 2); anything unreadable → () (older than every document)."""
    if not isinstance(text, str):
        return ()
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def layout_of(handler_input: HandlerInput) -> str:
    """Round hubs get the round layout, portrait screens a column, the rest (landscape hubs, TV) a row:
    from the SDK's viewport profile, else from the viewport's own shape and size."""
    from ask_sdk_core.utils.viewport import ViewportProfile, get_viewport_profile

    envelope = handler_input.request_envelope
    try:
        profile = get_viewport_profile(envelope)
    except Exception:  # a viewport with odd sizes: the SDK helper raises; fall back on the shape below
        profile = ViewportProfile.UNKNOWN_VIEWPORT_PROFILE
    if profile is ViewportProfile.HUB_ROUND_SMALL:
        return "round"
    if profile.name.endswith(("PORTRAIT_SMALL", "PORTRAIT_MEDIUM")):
        return "column"
    if profile is not ViewportProfile.UNKNOWN_VIEWPORT_PROFILE:
        return "row"
    viewport = getattr(envelope.context, "viewport", None)
    shape = getattr(getattr(viewport, "shape", None), "value", None)
    width, height = (getattr(viewport, name, None) for name in ("current_pixel_width", "current_pixel_height"))
    if shape == "ROUND":
        return "round"
    if isinstance(width, int | float) and isinstance(height, int | float) and width < height:
        return "column"
    return "row"


# -- what is shown ------------------------------------------------------------------------------------


def step_screen(turn: Turn, walk: Walkthrough, hold_seconds: int, lead_ms: int) -> dict[str, Any]:
    """One step's data: built from the exercise's definition and the locale's words."""
    exercise = exercises.BY_ID[walk.exercise]
    step = exercise.steps[walk.step]
    said = turn.content["exercises"][walk.exercise]
    words = turn.content["screen"]
    return {
        "title": said["title"],
        "progress": words["progress"].format(number=walk.step + 1, total=len(exercise.steps)),
        "text": said["steps"][walk.step]["text"],
        "figure": figure(walk.exercise, walk.step) is not None,
        "holdMs": hold_seconds * 1000,
        "leadMs": lead_ms,
        "reps": words["reps"].format(count=step.reps) if step.reps else "",
        "words": {**words["buttons"], **words["hold"]},
    }


def info_screen(turn: Turn, speech: Speech, title: str) -> dict[str, Any]:
    """Any other answer: its title and the words said, to read."""
    text = speech.text()
    if len(text) > MAX_SCREEN_CHARACTERS:
        text = text[:MAX_SCREEN_CHARACTERS].rsplit(" ", 1)[0] + " …"
    return {"title": title, "text": text}


def clock_data(hold_seconds: int, lead_ms: int) -> dict[str, int]:
    """The character display can't wait for the words before the hold (its TimeText counts from the moment
    it shows), so it starts that much higher and reaches 00:00 as the hold ends."""
    return {"seconds": hold_seconds + round(lead_ms / 1000), "hold": hold_seconds}


def lead_in_ms(words_before: int) -> int:
    """About how long Alexa speaks before the hold's silence starts, to the nearest 100 ms."""
    return round(words_before / WORDS_PER_SECOND * 10) * 100


def step_document(walk: Walkthrough) -> dict[str, Any]:
    """The step document, with the step's figure (if there is one) among its graphics."""
    base = document(STEP)
    drawn = figure(walk.exercise, walk.step)
    if drawn is None:
        return base
    return {**base, "graphics": {**base["graphics"], "figure": drawn}}


def figure(exercise_id: str, step: int) -> dict[str, Any] | None:
    """The position for one step, as an AVG graphic: the step's drawing, mirrored for the other side."""
    figures = exercise_figures(exercise_id)
    steps = figures.get("steps", [])
    if not 0 <= step < len(steps):
        return None
    entry = steps[step]
    drawing: dict[str, Any] = figures["drawings"][entry["drawing"]]
    if not entry.get("mirror"):
        return drawing
    mirrored = {"type": "group", "scaleX": -1, "pivotX": drawing["width"] // 2, "items": drawing["items"]}
    return {**drawing, "items": [mirrored]}


@functools.cache
def document(name: str) -> dict[str, Any]:
    """A document from content/screens, read on first use (a turn without a screen never reads one)."""
    return _read(os.path.join(FOLDER, f"{name}.json"))


@functools.cache
def exercise_figures(exercise_id: str) -> dict[str, Any]:
    """The exercise's drawings and which one each step shows; {} for an exercise nobody has drawn yet."""
    path = os.path.join(FOLDER, "figures", f"{exercise_id}.json")
    if exercise_id not in exercises.BY_ID or not os.path.isfile(path):
        return {}
    return _read(path)


def _read(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
