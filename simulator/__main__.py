"""`python -m simulator` (`make run`): talk to Leg Cramp Helper in the console."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.envelopes import DISPLAYS
from simulator.nlu import MODELS_DIR

USAGE_EXAMPLES = """\
Type what you would say to an Echo, one utterance per line:
  open leg cramp helper          (or: ask leg cramp helper how do I stretch my calf)
  how do I stretch my calf
  next
A blank line is silence (Alexa reprompts, then the session times out); "exit" or Ctrl-D quits.
When the skill asks for the reminders permission, answer yes or no.
With --device show (or another screen), what the screen shows is printed too; "tap next", "tap back"
and "tap repeat" touch its buttons.
Piped input works as a script, each line echoed as "> utterance":
  printf 'open leg cramp helper\\nhow do I stretch my calf\\nnext\\n' | make run
In Spanish (es-US, es-MX, es-ES), with make run ARGS="--locale es-US":
  abre ayudante de calambres     (o: pídele a ayudante de calambres que me recuerde estirar a las nueve de la noche)

Environment: SIMULATOR_TIME_ZONE sets the device time zone the Settings API reports (default:
this machine's zone); PREFERENCES_DB chooses the preferences file (default data/preferences.sqlite3).
The reminders permission and the reminders Alexa would keep for the console's account are kept
beside it (data/preferences.alexa.json), so a reminder set in one run can be cancelled in the next.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Talk to the Leg Cramp Helper skill as if to an Echo.",
        epilog=USAGE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--speak", action="store_true", help="read replies aloud with espeak-ng")
    parser.add_argument(
        "--verbose", action="store_true", help="show the intent and slots heard and the Alexa API calls the skill made"
    )
    parser.add_argument("--time-zone", help="device time zone (overrides SIMULATOR_TIME_ZONE)")
    parser.add_argument(
        "--locale",
        default="en-US",
        help="the device's locale, one of skill.json's (default en-US; e.g. es-US, es-MX, es-ES)",
    )
    parser.add_argument("--model", type=Path, help="interaction model JSON (default: the locale's)")
    parser.add_argument(
        "--device",
        choices=["speaker", *DISPLAYS],
        default="speaker",
        help="the device talked to: a speaker (default), a screen (show, show5, show1, spot, tv, "
        "tablet, old-show) whose screen is printed, or an Echo Dot with clock (clock)",
    )
    args = parser.parse_args(argv)
    model = args.model or MODELS_DIR / f"{args.locale}.json"
    if not model.is_file():
        parser.error(f"no interaction model for locale {args.locale!r} ({model.name})")

    from simulator.console import main as run_console  # after --help, which needs none of it

    return run_console(
        speak=args.speak,
        verbose=args.verbose,
        model=model,
        time_zone=args.time_zone,
        display=None if args.device == "speaker" else args.device,
        locale=args.locale,
    )


if __name__ == "__main__":
    sys.exit(main())
