"""Talk to the skill in a terminal, as if to an Echo.

Each line typed is resolved by `simulator.nlu` against the skill's interaction model, wrapped in a
real request envelope (`simulator.envelopes`) and handed to the Lambda entry point
(`lambda_function.handler`), with Alexa's Reminders, Timers and time zone APIs served by the local
`AlexaApiStandIn`. What Alexa would say is printed as readable text: pauses shown, the reprompt
and card marked, reminders and timers created or removed on the stand-in reported. "tick 10m" moves
the clock on, so a timer the skill set rings and (for a skill task) can open the skill again.

What a real Alexa account keeps between sessions, the console's reminders permission and its
reminders, the stand-in keeps in a JSON file beside the preferences store (`state_path()`), so a
reminder set in one run can be read and cancelled in the next.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from simulator import envelopes
from simulator.alexa_api import REMINDERS_SCOPE, AlexaApiStandIn, describe_schedule
from simulator.nlu import DEFAULT_MODEL, Nlu, normalise
from simulator.timers import TIMERS_SCOPE, Timer, parse_duration

REPO = Path(__file__).resolve().parents[1]
USER_ID = "amzn1.ask.account.CONSOLE"  # stable, so preferences persist between runs
DEVICE_ID = "amzn1.ask.device.CONSOLE"
ACCESS_TOKEN = "console-api-access-token"
CONSENT_TOKEN = "console-consent-token"
DEFAULT_PREFERENCES_DB = REPO / "data" / "preferences.sqlite3"  # as lambda/cramp_helper/preferences.py
YES_WORDS = {
    "yes",
    "yeah",
    "yep",
    "sure",
    "ok",
    "okay",
    "allow",
    "i approve",
    "approve",
    "please do",
    "yes please",
    "go ahead",
    "of course",
    "si",
    "claro",
    "vale",
    "de acuerdo",
    "permitir",
    "permite",
    "acepto",
    "por supuesto",
    "dale",
    "si por favor",
}
NO_WORDS = {
    "no",
    "nope",
    "no thanks",
    "deny",
    "don't",
    "do not",
    "not now",
    "never",
    "no gracias",
    "denegar",
    "rechazar",
    "ahora no",
    "nunca",
    "mejor no",
}
# What Alexa itself says around a skill (its permission question, its apology), per language.
ALEXA_SAYS = {
    "en": {
        "asks": "[Alexa asks: allow {skill} to {what}? yes/no]",
        "reminders": "create reminders",
        "timers": "create timers for activities, and after they end ask whether to go back to it",
        "timer_set": "[timer set: {label}, {minutes} min]",
        "timer_rings": "[timer rings: {label}]",
        "not_opened": "[Alexa does not open the skill: only yes to its question goes back to the skill]",
        "yes": "yes",
        "you_answer": "You: {answer}  [your answer to Alexa's own question; tick 10m no says no]",
        "use": "use {scopes}",
        "granted": "Alexa: Okay. You can change this permission in the Alexa app.",
        "failed": "Alexa: There was a problem with the requested skill's response.",
        "hello": 'Say "open {invocation}"; a blank line is silence; "exit" quits.',
    },
    "es": {
        "asks": "[Alexa pregunta: ¿permites que {skill} {what}? sí/no]",
        "reminders": "cree recordatorios",
        "timers": "cree temporizadores para actividades y, al terminar, te pregunte si quieres volver",
        "timer_set": "[temporizador: {label}, {minutes} min]",
        "timer_rings": "[suena el temporizador: {label}]",
        "not_opened": "[Alexa no abre la skill: solo un sí a su pregunta vuelve a la skill]",
        "yes": "sí",
        "you_answer": "Tú: {answer}  [tu respuesta a la pregunta de Alexa; tick 10m no dice que no]",
        "use": "use {scopes}",
        "granted": "Alexa: Muy bien. Puedes cambiar este permiso en la aplicación de Alexa.",
        "failed": "Alexa: Hubo un problema con la respuesta de la skill.",
        "hello": 'Di "abre {invocation}"; una línea vacía es silencio; "exit" sale.',
    },
}


def alexa_says(locale: str) -> dict[str, str]:
    return ALEXA_SAYS.get(locale.split("-")[0], ALEXA_SAYS["en"])


def local_time_zone() -> str:
    """SIMULATOR_TIME_ZONE, else the machine's zone (TZ or /etc/localtime), else UTC."""
    candidates = [os.environ.get("SIMULATOR_TIME_ZONE"), os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(os.path.realpath("/etc/localtime"))
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    for name in filter(None, candidates):
        name = name.split("zoneinfo/", 1)[-1]
        if _valid_zone(name):
            return name
    return "UTC"


def _valid_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
        return not name.startswith("/")
    except Exception:
        return False


def state_path() -> Path:
    """Where the stand-in keeps the console account's permission and reminders between runs: beside
    the preferences store (PREFERENCES_DB, default data/preferences.sqlite3), e.g. data/preferences.alexa.json."""
    return Path(os.environ.get("PREFERENCES_DB") or DEFAULT_PREFERENCES_DB).with_suffix(".alexa.json")


# -- what Alexa says ------------------------------------------------------------------------------


def ssml_to_text(ssml: str) -> str:
    """SSML as a reader would follow it: `<break time="5000ms"/>` → [pause 5s], tags dropped."""
    text = re.sub(r"<break\b[^>]*?/>", _pause, ssml)
    text = re.sub(r"<audio\b[^>]*?src=\"([^\"]*)\"[^>]*/?>", r" [sound: \1] ", text)
    text = re.sub(r"</?(?:p|s)\b[^>]*>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(" ".join(text.split()))
    merged = re.sub(r"\[pause ([\d.]+)s\](?:\s*\[pause ([\d.]+)s\])+", _merge_pauses, text)
    return re.sub(r"\s+([.,!?])", r"\1", merged)


def _pause(match: re.Match[str]) -> str:
    tag = match.group(0)
    time = re.search(r'time="([\d.]+)(ms|s)"', tag)
    if time:
        seconds = float(time.group(1)) / (1000 if time.group(2) == "ms" else 1)
        return f" [pause {_seconds(seconds)}s] "
    return " [pause] "


def _merge_pauses(match: re.Match[str]) -> str:
    total = sum(float(value) for value in re.findall(r"\[pause ([\d.]+)s\]", match.group(0)))
    return f"[pause {_seconds(total)}s]"


def _seconds(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def speech_text(speech: dict[str, Any] | None) -> str:
    """The words of an outputSpeech object (SSML or PlainText)."""
    if not speech:
        return ""
    if speech.get("type") == "SSML" or "ssml" in speech:
        return ssml_to_text(speech.get("ssml") or "")
    return speech.get("text") or ""


def render(response_envelope: dict[str, Any]) -> list[str]:
    """The lines the console prints for one skill response."""
    response = response_envelope.get("response") or {}
    lines = []
    said = speech_text(response.get("outputSpeech"))
    if said:
        lines.append(f"Alexa: {said}")
    reprompt = speech_text((response.get("reprompt") or {}).get("outputSpeech"))
    if reprompt:
        lines.append(f"       [reprompt] {reprompt}")
    card = response.get("card")
    if card:
        lines.append("       " + _card(card))
    for directive in response.get("directives") or []:
        if directive.get("type") in SCREEN_DIRECTIVES:
            lines.extend(SCREEN_DIRECTIVES[directive["type"]](directive))
        elif not _is_ask_for(directive):
            lines.append(f"       [directive {directive.get('type')}]")
    return lines


def _screen(directive: dict[str, Any]) -> list[str]:
    """What an Echo Show would show for the skill's RenderDocument: its data, as a reader would see it."""
    screen = (directive.get("datasources") or {}).get("screen") or {}
    look = ", ".join(
        filter(
            None,
            [
                screen.get("layout"),
                "dark and dim" if screen.get("night") else "",
                "urgent" if screen.get("urgent") else "",
            ],
        )
    )
    lines = [
        f"       [screen {directive.get('token')} ({look})] "
        + " · ".join(
            filter(
                None,
                [screen.get("title"), screen.get("progress"), "figure of the position" if screen.get("figure") else ""],
            )
        )
    ]
    lines.append(f"       [screen text] {screen.get('text', '')}")
    words = screen.get("words") or {}
    if screen.get("holdMs"):
        lines.append(
            f"       [screen countdown] {words.get('ready', '')} until {screen.get('leadMs', 0) / 1000:g} s, "
            f"then {words.get('hold', '')} {_clock(screen['holdMs'] // 1000)} counting down to 0:00, "
            f"then {words.get('release', '')}"
        )
    if screen.get("reps"):
        lines.append(f"       [screen] {screen['reps']}")
    buttons = [words[key] for key in ("previous", "repeat", "next") if key in words]
    if buttons:
        lines.append(
            "       [screen buttons] "
            + "  ".join(f"[{label}]" for label in buttons)
            + "   (type: tap back / tap repeat / tap next)"
        )
    return lines


def _character_display(directive: dict[str, Any]) -> list[str]:
    clock = (directive.get("datasources") or {}).get("clock") or {}
    seconds, hold = clock.get("seconds", 0), clock.get("hold", 0)
    return [
        f"       [clock display] {_clock(seconds, pad=True)} counting down to 00:00 "
        f"(the hold from {_clock(hold, pad=True)}, once the words before it are said)"
    ]


def _clock(seconds: int, pad: bool = False) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes:02d}:{seconds:02d}" if pad else f"{minutes}:{seconds:02d}"


SCREEN_DIRECTIVES = {
    "Alexa.Presentation.APL.RenderDocument": _screen,
    "Alexa.Presentation.APLT.RenderDocument": _character_display,
}
TOUCHES = {"tap back": "previous", "tap repeat": "repeat", "tap next": "next"}
# "tick 10m", "tick 90s", "tick 1h30m"; words after it answer Alexa's own question when a timer rings
TICK = re.compile(r"tick ((?:\d+h)?(?:\d+m)?(?:\d+s)?)(?: (.+))?")


def _card(card: dict[str, Any]) -> str:
    kind = card.get("type")
    if kind == "AskForPermissionsConsent":
        permissions = ", ".join(card.get("permissions") or [])
        return f"[card: AskForPermissionsConsent — asks in the Alexa app for {permissions}]"
    if kind == "LinkAccount":
        return "[card: LinkAccount]"
    body = (card.get("content") or card.get("text") or "").replace("\n", " / ")
    return f"[card] {card.get('title') or ''}: {body}".rstrip(": ")


def _is_ask_for(directive: dict[str, Any]) -> bool:
    return directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor"


def _scopes(directive: dict[str, Any]) -> list[str]:
    payload = directive.get("payload") or {}
    scopes = [item.get("permissionScope") for item in payload.get("permissionScopes") or []]
    return [scope for scope in [*scopes, payload.get("permissionScope")] if scope]


def skill_name(locale: str = "en-US") -> str:
    """The skill's name from skill.json, for Alexa's own permission question."""
    try:
        manifest = json.loads((REPO / "skill-package/skill.json").read_text(encoding="utf-8"))["manifest"]
        return manifest["publishingInformation"]["locales"][locale]["name"]
    except (OSError, KeyError, ValueError):
        return "the skill"


# -- the conversation -----------------------------------------------------------------------------


class Console:
    """One person at one device: resolves what they type, sends it to the skill, prints Alexa."""

    def __init__(
        self,
        api: AlexaApiStandIn,
        nlu: Nlu,
        out: TextIO = sys.stdout,
        read: Callable[[str], str | None] | None = None,
        speak: bool = False,
        verbose: bool = False,
        display: str | None = None,
        locale: str = "en-US",
    ) -> None:
        self.api, self.nlu, self.out, self.verbose = api, nlu, out, verbose
        self.read = read or _stdin_reader(echo=not sys.stdin.isatty())
        self.speaker = _speaker(out, locale) if speak else None
        self.device = envelopes.Device(
            user_id=USER_ID,
            device_id=DEVICE_ID,
            api_endpoint=api.endpoint,
            api_access_token=ACCESS_TOKEN,
            display=display,
            locale=locale,
        )
        self.alexa = alexa_says(locale)
        if api.has_reminders_permission(ACCESS_TOKEN):  # granted in an earlier run
            self.device.consent_token = CONSENT_TOKEN
        self.reported_state_problem: str | None = None
        self.session: envelopes.Conversation | None = None
        self.last_reprompt = ""
        self.reprompted = False
        import lambda_function

        self.handler = lambda_function.handler

    def run(self) -> int:
        """Read utterances until "exit" or end of input; 0 when the conversation ended normally."""
        self._report_state_problem()
        while True:
            line = self.read("> ")
            if line is None or normalise(line) == "exit":
                self.close()
                return 0
            self.hear(line)

    def hear(self, utterance: str) -> None:
        """One turn: a blank line is silence (the reprompt, then the session times out)."""
        if not utterance.strip():
            return self._silence()
        if normalise(utterance) in TOUCHES and self.session is not None:  # a touch on the screen's buttons
            return self._turn(envelopes.user_event(TOUCHES[normalise(utterance)]))
        tick = TICK.fullmatch(utterance.strip().lower())
        if tick and tick.group(1):
            return self._tick(tick.group(1), tick.group(2))
        resolution = self.nlu.resolve(utterance)
        if self.verbose:
            slots = ", ".join(
                f"{k}={v!r}" + (f"→{resolution.resolved[k]}" if k in resolution.resolved else "")
                for k, v in resolution.slots.items()
                if v is not None
            )
            self._print(f"       [heard {resolution.intent or 'LaunchRequest'} {slots}] (score {resolution.score:.2f})")
        if resolution.invoked or self.session is None:
            self.session = envelopes.Conversation(device=self.device)
        self._turn(resolution.request())
        return None

    def close(self) -> None:
        """End an open session as the user would by walking away ("exit")."""
        if self.session is not None:
            self._send(envelopes.session_ended_request("USER_INITIATED"))
            self.session = None

    def _silence(self) -> None:
        if self.session is None:
            return
        if self.last_reprompt and not self.reprompted:
            self.reprompted = True
            self._print(f"Alexa: {self.last_reprompt}")
            return
        self._print("       [no answer: the session times out]")
        self._send(envelopes.session_ended_request("EXCEEDED_MAX_REPROMPTS"))
        self.session = None

    def _tick(self, span: str, answer: str | None) -> None:
        """Time passes: each timer that rings says Alexa's confirmation, answered yes unless `answer` is
        given ("tick 10m no"); yes opens the skill's task."""
        duration = parse_duration("PT" + span.upper())
        assert duration is not None  # TICK only matches what parse_duration reads
        for timer in self.api.timers.tick(duration.total_seconds()):
            self._ring(timer, answer)

    def _ring(self, timer: Timer, answer: str | None) -> None:
        self.close()  # the person was asleep: any open session has long ended
        self._print(self.alexa["timer_rings"].format(label=timer.label))
        if timer.task is None:
            return
        name = skill_name(self.device.locale)
        self._print("Alexa: " + timer.confirmation(self.device.locale).replace("{continueWithSkillName}", name))
        self._print(self.alexa["you_answer"].format(answer=answer or self.alexa["yes"]))
        if normalise(answer or self.alexa["yes"]) not in YES_WORDS:
            self._print(self.alexa["not_opened"])
            return
        self.session = envelopes.Conversation(device=self.device)
        self._turn(envelopes.launch_request(task=timer.task))

    def _turn(self, request: dict[str, Any]) -> None:
        before = self._reminders()
        timers_before = set(self.api.timers.timers)
        response = self._send(request)
        if response is None:
            return None
        for line in render(response):
            self._print(line)
        self._say_aloud(response)
        self._report_reminders(before)
        for timer_id in set(self.api.timers.timers) - timers_before:
            timer = self.api.timers.timers[timer_id]
            minutes = (timer.rings_at - timer.created).total_seconds() / 60
            self._print(self.alexa["timer_set"].format(label=timer.label, minutes=f"{minutes:g}"))
        self._report_state_problem()
        body = response.get("response") or {}
        self.last_reprompt = speech_text((body.get("reprompt") or {}).get("outputSpeech"))
        self.reprompted = False
        ask_for = next((d for d in body.get("directives") or [] if _is_ask_for(d)), None)
        if ask_for is not None:
            return self._ask_permission(ask_for)
        if body.get("shouldEndSession"):
            self._print("       [session ended]")
            self.session = None
        return None

    def _send(self, request: dict[str, Any]) -> dict[str, Any] | None:
        assert self.session is not None
        envelope = self.session.envelope(request)
        calls = len(self.api.requests_log)
        try:
            response = self.handler(envelope, None)
        except Exception as error:  # Alexa says this when a skill fails to answer
            self._print(f"{self.alexa['failed']} [{type(error).__name__}: {error}]")
            self.session = None
            return None
        finally:
            if self.verbose:
                for call in self.api.requests_log[calls:]:
                    self._print(f"       [Alexa API {call.method} {call.path} → {call.status}]")
        self.session.remember(response)
        return response

    def _ask_permission(self, directive: dict[str, Any]) -> None:
        """Alexa's own voice permission question, then the Connections.Response to the skill."""
        scopes = _scopes(directive)
        what = (
            self.alexa["reminders"]
            if scopes in ([], [REMINDERS_SCOPE])
            else self.alexa["timers"]
            if scopes == [TIMERS_SCOPE]
            else self.alexa["use"].format(scopes=", ".join(scopes))
        )
        self._print(self.alexa["asks"].format(skill=skill_name(self.device.locale), what=what))
        answer = self.read("yes/no> ")
        words = normalise(answer or "")
        status = "ACCEPTED" if words in YES_WORDS else "DENIED" if words in NO_WORDS or words else "NOT_ANSWERED"
        if status == "ACCEPTED" and scopes == [TIMERS_SCOPE]:
            self.api.grant_timers(self.device.api_access_token)
            self._print(self.alexa["granted"])
        elif status == "ACCEPTED":
            self.api.grant_reminders(self.device.api_access_token)
            self.device.consent_token = CONSENT_TOKEN
            self._print(self.alexa["granted"])
        if self.session is None:
            self.session = envelopes.Conversation(device=self.device)
        self._turn(envelopes.connections_response(status, token=directive.get("token") or ""))

    def _reminders(self) -> dict[str, str]:
        return {token: json.dumps(body, sort_keys=True) for token, body in list(self.api.reminders.items())}

    def _report_reminders(self, before: dict[str, str]) -> None:
        after = self._reminders()
        for token in after:
            if token not in before or before[token] != after[token]:
                verb = "scheduled" if token not in before else "changed"
                schedule = describe_schedule(self.api.reminders[token], self.api.default_time_zone)
                self._print(f"[reminder {verb}: {schedule}]")
        for token in before:
            if token not in after:
                self._print("[reminder removed]")

    def _report_state_problem(self) -> None:
        """Once per problem: the stand-in could not read or save the state it keeps between runs."""
        problem = self.api.state_problem
        if problem and problem != self.reported_state_problem:
            self.reported_state_problem = problem
            self._print(f"[Alexa account state: {problem}]")

    def _say_aloud(self, response: dict[str, Any]) -> None:
        if self.speaker is None:
            return
        speech = (response.get("response") or {}).get("outputSpeech") or {}
        self.speaker(speech.get("ssml") or f"<speak>{html.escape(speech.get('text') or '')}</speak>")

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def _stdin_reader(echo: bool) -> Callable[[str], str | None]:
    """Interactive: a prompt. Piped: one utterance per line, echoed as "> utterance"."""
    if not echo:
        try:
            import readline  # noqa: F401 - line editing and history for input()
        except ImportError:
            pass

    def read(prompt: str) -> str | None:
        if echo:
            line = sys.stdin.readline()
            if not line:
                return None
            line = line.rstrip("\r\n")
            print(f"> {line}", flush=True)
            return line
        try:
            return input(prompt)
        except EOFError:
            print()
            return None

    return read


def _speaker(out: TextIO, locale: str = "en-US") -> Callable[[str], None] | None:
    """Reads SSML aloud with espeak-ng (which honours <break>), if it is installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        print("[--speak: espeak-ng is not installed; continuing in text only]", file=out, flush=True)
        return None

    def speak(ssml: str) -> None:
        subprocess.run(
            [program, "-v", locale.split("-")[0], "-m", ssml_for_espeak(ssml)],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return speak


SOUND_SAID_AS = '<prosody pitch="x-high" rate="slow">ding</prosody>'  # espeak-ng cannot play Alexa's sounds


def ssml_for_espeak(ssml: str) -> str:
    """Alexa's SSML as espeak-ng reads it: Amazon's own tags dropped, each sound said as a high "ding" in its
    place (so a hold is heard as its cue, its silence, its cue), inside one <speak>."""
    ssml = re.sub(r"</?amazon:[^>]*>", "", ssml)
    ssml = re.sub(r"<audio\b[^>]*/?>", SOUND_SAID_AS, ssml)
    return ssml if ssml.lstrip().startswith("<speak") else f"<speak>{ssml}</speak>"


def main(
    speak: bool = False,
    verbose: bool = False,
    model: Path = DEFAULT_MODEL,
    time_zone: str | None = None,
    display: str | None = None,
    locale: str = "en-US",
) -> int:
    """Start the API stand-in, point the skill at it and talk until exit."""
    time_zone = time_zone or local_time_zone()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="       [skill log] %(message)s")
    with AlexaApiStandIn(time_zone=time_zone, state_file=state_path()) as api:
        os.environ["REQUESTS_CA_BUNDLE"] = api.ca_bundle
        nlu = Nlu.from_model_file(model, locale.split("-")[0])
        console = Console(api, nlu, speak=speak, verbose=verbose, display=display, locale=locale)
        if sys.stdin.isatty():
            print(
                f"{skill_name(locale)} console ({locale}, time zone {time_zone}). "
                + console.alexa["hello"].format(invocation=nlu.invocation),
                flush=True,
            )
        return console.run()
