"""Write each exercise step's figure as SVG, exactly as the step screen draws it (`cramp_helper.screens`).

    python -m tools.draw_figures                 # docs/figures/<exercise>-<step>.svg, day colours
    python -m tools.draw_figures --night         # as at night: dark and dim
    python -m tools.draw_figures --out DIR       # somewhere else
    python -m tools.draw_figures --check         # exit 1 if docs/figures is not what the figures draw now

The figures are Alexa Vector Graphics (AVG) in `lambda/cramp_helper/content/screens/figures/<exercise>.json`:
groups and paths whose colours are the graphic's parameters (`${ink}`, `${accent}`), the subset the
tests allow (tests/test_screens.py), so this SVG is the same drawing. To look at one as PNG, any SVG
viewer will do (e.g. `convert docs/figures/calf-3.svg calf-3.png` with ImageMagick).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from cramp_helper import exercises, screens

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "figures"
_PARAMETER = re.compile(r"^\$\{(\w+)\}$")
# AVG property -> SVG attribute, for the properties the figures may use
_PATH_ATTRIBUTES = {
    "pathData": "d",
    "fill": "fill",
    "fillOpacity": "fill-opacity",
    "stroke": "stroke",
    "strokeWidth": "stroke-width",
    "strokeOpacity": "stroke-opacity",
    "strokeLineCap": "stroke-linecap",
    "strokeLineJoin": "stroke-linejoin",
}


def colours(night: bool = False) -> dict[str, str]:
    """The screen's own colours (the step document's resources), as the VectorGraphic passes them."""
    palette = screens.document(screens.STEP)["resources"][0]["colors"]
    time = "night" if night else "day"
    return {
        "ink": palette[f"{time}Text"],
        "accent": palette[f"{time}Accent"],
        "background": palette[f"{time}Background"],
    }


def to_svg(graphic: dict[str, Any], night: bool = False) -> str:
    """One AVG graphic as a standalone SVG document on the screen's background."""
    palette = colours(night)
    values = {
        parameter["name"]: palette.get(parameter["name"], parameter.get("default"))
        for parameter in graphic.get("parameters", [])
    }
    width, height = graphic["width"], graphic["height"]
    body = "".join(_item(item, values) for item in graphic["items"])
    description = _escape(graphic.get("description", ""))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{description}</title>'
        f'<rect width="{width}" height="{height}" fill="{palette["background"]}"/>{body}</svg>\n'
    )


def _item(item: dict[str, Any], values: dict[str, Any]) -> str:
    if item["type"] == "group":
        pivot_x, pivot_y = item.get("pivotX", 0), item.get("pivotY", 0)
        transform = (
            f"translate({item.get('translateX', 0)} {item.get('translateY', 0)}) "
            f"translate({pivot_x} {pivot_y}) rotate({item.get('rotation', 0)}) "
            f"scale({item.get('scaleX', 1)} {item.get('scaleY', 1)}) translate({-pivot_x} {-pivot_y})"
        )
        opacity = f' opacity="{item["opacity"]}"' if "opacity" in item else ""
        children = "".join(_item(child, values) for child in item.get("items", []))
        return f'<g transform="{transform}"{opacity}>{children}</g>'
    if item["type"] == "path":
        attributes = {"fill": "none"}  # AVG paths are unfilled unless they say otherwise
        for name, attribute in _PATH_ATTRIBUTES.items():
            if name in item:
                attributes[attribute] = str(_resolve(item[name], values))
        return "<path " + " ".join(f'{key}="{_escape(value)}"' for key, value in attributes.items()) + "/>"
    raise ValueError(f"an AVG item this tool does not draw: {item['type']!r}")


def _resolve(value: Any, values: dict[str, Any]) -> Any:
    match = _PARAMETER.match(value) if isinstance(value, str) else None
    return values[match.group(1)] if match else value


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def drawings(night: bool = False) -> dict[str, str]:
    """File name -> SVG, one per exercise step that has a figure (steps numbered from 1, as spoken)."""
    drawn = {}
    for exercise in exercises.EXERCISES:
        for step in range(len(exercise.steps)):
            graphic = screens.figure(exercise.id, step)
            if graphic is not None:
                drawn[f"{exercise.id}-{step + 1}{'-night' if night else ''}.svg"] = to_svg(graphic, night)
    return drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write to (default docs/figures)")
    parser.add_argument("--night", action="store_true", help="the night colours: dark and dim")
    parser.add_argument("--check", action="store_true", help="only check the folder is up to date")
    args = parser.parse_args(argv)
    drawn = drawings(args.night)
    if args.check:
        stale = [
            name
            for name, svg in drawn.items()
            if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != svg
        ]
        for name in stale:
            print(f"{args.out / name} is out of date: run python -m tools.draw_figures", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, svg in drawn.items():
        (args.out / name).write_text(svg, encoding="utf-8")
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
