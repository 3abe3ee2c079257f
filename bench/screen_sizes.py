"""Response sizes with a screen: every walkthrough step and answer, on every screen the skill lays out.

Alexa refuses a response over 24 KB, and a screen's document and data travel in the response beside the
speech, the card and the session. Measured in-process through `lambda_function.handler` (the documents are
what a device receives), for each screen device in `simulator.envelopes.DISPLAYS` and the bedside clock.
"""

from __future__ import annotations

import json
from typing import Any

from simulator.envelopes import DISPLAYS, Conversation, Device, intent_request, launch_request

MAX_RESPONSE_BYTES = 24 * 1024


def _turns() -> list[tuple[str, dict[str, Any]]]:
    """Every step of every exercise (said by name, then "next"), and the longest answers."""
    from cramp_helper import exercises
    from cramp_helper.content import content_for

    words = content_for("en-US")
    turns: list[tuple[str, dict[str, Any]]] = [("LaunchRequest", launch_request())]
    for exercise in exercises.EXERCISES:
        value = words["exercises"][exercise.id]["slot"]["value"]
        turns.append(
            (
                f"{exercise.id} step 1",
                intent_request("StretchIntent", {"stretch": value, "symptom": None}, {"stretch": exercise.id}),
            )
        )
        turns += [
            (f"{exercise.id} step {n}", intent_request("AMAZON.NextIntent")) for n in range(2, len(exercise.steps) + 1)
        ]
    for name in ("CauseIntent", "RemedyIntent", "NutritionIntent", "DoctorIntent", "CrampNowIntent"):
        turns.append((name, intent_request(name)))
    return turns


def measure(api_endpoint: str) -> dict[str, Any]:
    """Per device: the largest response and which turn it was, and the calf stretch's first hold."""
    import lambda_function

    devices: dict[str, Any] = {}
    for display in [None, *DISPLAYS]:
        conversation = Conversation(
            device=Device(user_id="amzn1.ask.account.BENCH-SCREENS", api_endpoint=api_endpoint, display=display)
        )
        sizes = {}
        for label, request in _turns():
            response = lambda_function.handler(conversation.envelope(request), None)
            conversation.remember(response)
            sizes[label] = len(json.dumps(response).encode())
        largest = max(sizes, key=lambda label: sizes[label])
        devices[display or "speaker"] = {
            "largest_bytes": sizes[largest],
            "largest_turn": largest,
            "calf_hold_bytes": sizes["calf step 3"],
            "turns": len(sizes),
        }
    largest = max(device["largest_bytes"] for device in devices.values())
    return {
        "devices": devices,
        "largest_bytes": largest,
        "limit_bytes": MAX_RESPONSE_BYTES,
        "failures": [] if largest <= MAX_RESPONSE_BYTES else [f"a response of {largest} bytes: over 24 KB"],
    }


def table(screens: dict[str, Any]) -> list[str]:
    lines = ["response size with screens (bytes; Alexa's limit 24,576)"]
    for name, device in screens["devices"].items():
        lines.append(
            f"  {name:9} largest {device['largest_bytes']:6,} ({device['largest_turn']}), "
            f"calf stretch step 3 (a 20 s hold) {device['calf_hold_bytes']:6,}"
        )
    return lines
