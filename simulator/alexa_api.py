"""A local HTTPS stand-in for the Alexa Reminders and Timers APIs and the Settings (UPS) time zone API.

One stand-in serves the console simulator, the tests and anyone else who needs Alexa's APIs without
Amazon: a real `ThreadingHTTPServer` on 127.0.0.1 behind TLS with a throwaway certificate, so the
SDK's own API clients (which refuse plain http) talk to it unchanged. Point a request envelope's
`context.System.apiEndpoint` at `.endpoint` and set REQUESTS_CA_BUNDLE to `.ca_bundle`.

    with AlexaApiStandIn() as api:
        api.grant_reminders("test-api-access-token")
        api.fail_next("reminders", 503)       # the next Reminders call answers 503
        api.grant_timers("test-api-access-token"); api.timers.tick(600)   # timers ring (simulator/timers.py)
        ...                                    # api.reminders, api.requests_log to inspect

In memory by default. With `state_file=path` the stand-in keeps what a real Alexa account keeps
between sessions (the access tokens granted reminders or timers, and the reminders with their tokens) in that JSON file:
loaded at construction, saved after every change. A file that cannot be read or saved never stops
the stand-in: it starts fresh (or carries on in memory) and says why in `.state_problem`.

Paths, methods and bodies follow ask_sdk_model's ReminderManagementServiceClient and
UpsServiceClient. Error bodies are Alexa's `{"code": ..., "message": ...}`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import os
import re
import shutil
import socketserver
import ssl
import tempfile
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from simulator.envelopes import Device
from simulator.timers import TIMERS_PATH, TIMERS_SCOPE, TimerBook, TimerRefused

REMINDERS_PATH = "/v1/alerts/reminders"
SETTINGS_PATH = "/v2/devices/"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
MAX_DELAY_SECONDS = 30.0  # delay_next refuses longer hangs so a test can never stall for long
DEFAULT_ACCESS_TOKEN = Device().api_access_token
STATE_VERSION = 1  # the layout of a state file

_API_PREFIXES = {
    "reminders": REMINDERS_PATH,
    "timers": TIMERS_PATH,
    "settings": SETTINGS_PATH,
    "ups": SETTINGS_PATH,
    "timezone": SETTINGS_PATH,
    "*": "/",
    "": "/",
}
_TIME_ZONE_PATH = re.compile(r"^/v2/devices/([^/]+)/settings/System\.timeZone$")
_ERROR_CODES = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    429: "RATE_EXCEEDED",
    500: "INTERNAL_SERVER_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}
_DAYS = {
    "SU": "Sunday",
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
}
_WEEK_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class LoggedRequest:
    """One call the stand-in answered."""

    method: str
    path: str
    authorized: bool  # an `Authorization: Bearer …` header was present
    status: int
    token: str | None = None


@dataclass
class _Rule:
    """An injected failure or delay for the next `remaining` calls matching method and prefix."""

    method: str | None
    prefix: str
    remaining: int
    status: int = 0
    body: dict[str, Any] | None = None
    seconds: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and path.startswith(self.prefix)


class ApiError(Exception):
    """An answer other than success, as Alexa would give it."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code = status, code or _ERROR_CODES.get(status, "ERROR")

    def body(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self)}


class AlexaApiStandIn:
    """Alexa's Reminders and time zone APIs on a local HTTPS port (see module docstring)."""

    def __init__(
        self, time_zone: str | None = "America/New_York", host: str = "127.0.0.1", state_file: str | Path | None = None
    ) -> None:
        self.default_time_zone = time_zone
        self.host = host
        self.reminders: dict[str, dict[str, Any]] = {}
        self.timers = TimerBook()
        self.requests_log: list[LoggedRequest] = []
        self._meta: dict[str, dict[str, str]] = {}
        # the access tokens each permission scope was granted to
        self._grants: dict[str, set[str]] = {REMINDERS_SCOPE: set(), TIMERS_SCOPE: set()}
        self._time_zones: dict[str | None, str | None] = {}
        self._failures: list[_Rule] = []
        self._delays: list[_Rule] = []
        self._trickles: list[_Rule] = []
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._generation = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._tmp: Path | None = None
        self.ca_bundle = ""
        self.state_file = Path(state_file) if state_file is not None else None
        self.state_problem: str | None = None  # why the state file could not be read or saved
        if self.state_file is not None:
            self._load_state()

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> AlexaApiStandIn:
        """Make a certificate, bind a free port and serve in a background thread."""
        if self._server is not None:
            return self
        self._tmp = Path(tempfile.mkdtemp(prefix="alexa-api-stand-in-"))
        context = _tls_context(self._tmp)
        self.ca_bundle = str(self._tmp / "ca-bundle.pem")
        server = _Server((self.host, 0), _Handler)
        server.stand_in = self
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="alexa-api-stand-in", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release any delayed call and delete the certificate files."""
        server, self._server = self._server, None
        self._wake.set()
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> AlexaApiStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the stand-in is not running; call start()")
        return self._server.server_address[1]

    @property
    def endpoint(self) -> str:
        """What to put in context.System.apiEndpoint, e.g. https://127.0.0.1:54321."""
        return f"https://{self.host}:{self.port}"

    def reset(self) -> None:
        """Forget reminders, grants, time zones, injected failures and the log (keeps the port)."""
        with self._lock:
            self._generation += 1
            self._wake.set()
            self._wake = threading.Event()
            self.reminders.clear()
            self.timers = TimerBook()
            self._meta.clear()
            for tokens in self._grants.values():
                tokens.clear()
            self._time_zones.clear()
            self._failures.clear()
            self._delays.clear()
            self._trickles.clear()
            self.requests_log.clear()
            self._save_state()

    # -- controls --------------------------------------------------------------------------------

    def grant(self, scope: str, access_token: str = DEFAULT_ACCESS_TOKEN) -> None:
        """The user granted a permission: calls in its scope with this bearer token succeed."""
        with self._lock:
            self._grants[scope].add(access_token)
            self._save_state()

    def revoke(self, scope: str, access_token: str = DEFAULT_ACCESS_TOKEN) -> None:
        """The user withdrew a permission: calls in its scope with this token answer 401."""
        with self._lock:
            self._grants[scope].discard(access_token)
            self._save_state()

    def has_permission(self, scope: str, access_token: str = DEFAULT_ACCESS_TOKEN) -> bool:
        with self._lock:
            return access_token in self._grants[scope]

    def grant_reminders(self, access_token: str = DEFAULT_ACCESS_TOKEN) -> None:
        self.grant(REMINDERS_SCOPE, access_token)

    def revoke_reminders(self, access_token: str = DEFAULT_ACCESS_TOKEN) -> None:
        self.revoke(REMINDERS_SCOPE, access_token)

    def has_reminders_permission(self, access_token: str = DEFAULT_ACCESS_TOKEN) -> bool:
        return self.has_permission(REMINDERS_SCOPE, access_token)

    def grant_timers(self, access_token: str = DEFAULT_ACCESS_TOKEN) -> None:
        self.grant(TIMERS_SCOPE, access_token)

    def has_timers_permission(self, access_token: str = DEFAULT_ACCESS_TOKEN) -> bool:
        return self.has_permission(TIMERS_SCOPE, access_token)

    def set_time_zone(self, time_zone: str | None, device_id: str | None = None) -> None:
        """The time zone the Settings API reports for one device (or, without device_id, for every
        device without its own). None makes the API answer 204 No Content, as for an unset zone."""
        with self._lock:
            if device_id is None:
                self.default_time_zone = time_zone
            else:
                self._time_zones[device_id] = time_zone

    def time_zone_for(self, device_id: str) -> str | None:
        with self._lock:
            return self._time_zones.get(device_id, self.default_time_zone)

    def fail_next(self, target: str, status: int, times: int = 1, body: dict[str, Any] | None = None) -> None:
        """Answer the next `times` calls to `target` with `status` (and an Alexa error body).

        `target` is an API name ("reminders", "settings"/"ups"/"timezone", "*" for any), a path
        prefix ("/v1/alerts/reminders"), or either preceded by a method ("POST reminders")."""
        method, prefix = _parse_target(target)
        with self._lock:
            self._failures.append(_Rule(method, prefix, times, status=status, body=body))

    def delay_next(self, seconds: float, target: str = "*", times: int = 1) -> None:
        """Hold the next `times` calls to `target` for `seconds` before answering (a hung API)."""
        if not 0 <= seconds <= MAX_DELAY_SECONDS:
            raise ValueError(f"delay must be between 0 and {MAX_DELAY_SECONDS} seconds")
        method, prefix = _parse_target(target)
        with self._lock:
            self._delays.append(_Rule(method, prefix, times, seconds=seconds))

    def trickle_next(self, seconds_per_byte: float, target: str = "*", times: int = 1) -> None:
        """Send the next `times` answers to `target` one byte every `seconds_per_byte` (headers
        included): a server that never stops answering, just ever so slowly."""
        if not 0 < seconds_per_byte <= MAX_DELAY_SECONDS:
            raise ValueError(f"interval must be between 0 and {MAX_DELAY_SECONDS} seconds")
        method, prefix = _parse_target(target)
        with self._lock:
            self._trickles.append(_Rule(method, prefix, times, seconds=seconds_per_byte))

    def calls(self, method: str | None = None, prefix: str = "/") -> list[LoggedRequest]:
        """The logged calls with this method (any if None) under this path prefix."""
        with self._lock:
            return [
                entry
                for entry in self.requests_log
                if (method is None or entry.method == method) and entry.path.startswith(prefix)
            ]

    # -- serving ---------------------------------------------------------------------------------

    def _serve(self, handler: _Handler) -> None:
        method, path = handler.command, unquote(urlsplit(handler.path).path)
        raw = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        authorization = handler.headers.get("Authorization") or ""
        token = authorization[len("Bearer ") :].strip() if authorization.startswith("Bearer ") else None
        with self._lock:
            generation, wake = self._generation, self._wake
            delay = _take(self._delays, method, path)
            failure = _take(self._failures, method, path)
            trickle = _take(self._trickles, method, path)
        if delay is not None:
            wake.wait(delay.seconds)
        with self._lock:
            if generation != self._generation:  # reset (or stopped) while this call was held
                handler.answer(503, ApiError(503, "The stand-in was reset.").body())
                return
            if failure is not None:
                status = failure.status
                body = failure.body or ApiError(status, f"Injected failure {status}.").body()
            else:
                try:
                    status, body = self._route(method, path, token, raw)
                except ApiError as error:
                    status, body = error.status, error.body()
            self.requests_log.append(LoggedRequest(method, path, token is not None, status, token))
        if trickle is not None:
            handler.answer_slowly(status, body, trickle.seconds, wake)
        else:
            handler.answer(status, body)

    def _route(self, method: str, path: str, token: str | None, raw: bytes) -> tuple[int, Any]:
        if path == REMINDERS_PATH or path.startswith(REMINDERS_PATH + "/"):
            self._check_access(REMINDERS_SCOPE, token)
            alert_token = path[len(REMINDERS_PATH) + 1 :]
            if "/" in alert_token:
                raise ApiError(404, f"No resource at {path}.")
            return self._reminders(method, alert_token, raw)
        if path == TIMERS_PATH or path.startswith(TIMERS_PATH + "/"):
            return self._timers(method, path[len(TIMERS_PATH) + 1 :], token, raw)
        match = _TIME_ZONE_PATH.match(path)
        if match:
            if method != "GET":
                raise ApiError(405, f"{method} is not supported on {path}.")
            if not token:
                raise ApiError(401, "The authentication token is missing or invalid.")
            time_zone = self.time_zone_for(match.group(1))
            return (204, None) if time_zone is None else (200, time_zone)
        raise ApiError(404, f"No resource at {path}.")

    def _check_access(self, scope: str, token: str | None) -> None:
        if not token:
            raise ApiError(401, "Request is not authorized: no access token.")
        if token not in self._grants[scope]:
            raise ApiError(
                401,
                f"Request is not authorized: the user has not granted the {scope} permission.",
                code="NO_PERMISSION",
            )

    def _reminders(self, method: str, alert_token: str, raw: bytes) -> tuple[int, Any]:
        if not alert_token:
            if method == "POST":
                return 200, self._store(str(uuid.uuid4()), _json_body(raw))
            if method == "GET":
                alerts = [self._full(t) for t in self.reminders]
                return 200, {"alerts": alerts, "totalCount": str(len(alerts)), "links": None}
        elif alert_token not in self.reminders and method in ("GET", "PUT", "DELETE"):
            raise ApiError(404, f"No reminder with alertToken {alert_token}.")
        elif method == "GET":
            return 200, self._full(alert_token)
        elif method == "PUT":
            return 200, self._store(alert_token, _json_body(raw))
        elif method == "DELETE":
            del self.reminders[alert_token]
            del self._meta[alert_token]
            self._save_state()
            return 200, None
        raise ApiError(405, f"{method} is not supported here.")

    def _timers(self, method: str, timer_id: str, token: str | None, raw: bytes) -> tuple[int, Any]:
        self._check_access(TIMERS_SCOPE, token)
        if "/" in timer_id:
            raise ApiError(404, f"No timer at {timer_id}.")
        if not timer_id and method == "POST":
            try:
                return 200, self.timers.create(_json_body(raw))
            except TimerRefused as refused:
                raise ApiError(400, str(refused), code=refused.code) from refused
        if not timer_id and method in ("GET", "DELETE"):
            if method == "DELETE":
                self.timers.timers.clear()
            return 200, self.timers.listing() if method == "GET" else None
        if timer_id not in self.timers.timers:
            raise ApiError(404, f"No timer with id {timer_id}.")
        if method == "GET":
            return 200, self.timers.timers[timer_id].as_response()
        if method == "DELETE":
            del self.timers.timers[timer_id]
            return 200, None
        raise ApiError(405, f"{method} is not supported here.")

    def _store(self, alert_token: str, reminder: Any) -> dict[str, Any]:
        problem = validate_reminder(reminder)
        if problem:
            raise ApiError(400, problem[1], code=problem[0])
        now = _utc_now()
        meta = self._meta.get(alert_token)
        if meta is None:
            meta = {"createdTime": now, "updatedTime": now, "status": "ON", "version": "1"}
        else:
            meta = dict(meta, updatedTime=now, version=str(int(meta["version"]) + 1))
        self._meta[alert_token] = meta
        self.reminders[alert_token] = reminder
        self._save_state()
        return dict(alertToken=alert_token, **meta, href=f"{REMINDERS_PATH}/{alert_token}")

    def _full(self, alert_token: str) -> dict[str, Any]:
        """A stored reminder as GET returns it: the posted body plus the server's bookkeeping."""
        reminder = self.reminders[alert_token]
        body = {
            key: reminder.get(key)
            for key in ("trigger", "alertInfo", "pushNotification")
            if reminder.get(key) is not None
        }
        return dict(alertToken=alert_token, **self._meta[alert_token], **body)

    # -- the state file --------------------------------------------------------------------------

    def _load_state(self) -> None:
        """Grants and reminders from the state file; none if it is missing, fresh if it is bad."""
        assert self.state_file is not None
        try:
            text = self.state_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            self.state_problem = f"could not read {self.state_file} ({error}); starting fresh"
            return
        try:
            loaded = json.loads(text)
            granted, reminders, meta = _parse_state(loaded)
            timer_grants = loaded.get("timers_granted", [])
            if not isinstance(timer_grants, list) or not all(isinstance(token, str) for token in timer_grants):
                raise ValueError("timers_granted must be a list of access tokens")
        except ValueError as error:
            self.state_problem = f"{self.state_file} is not a valid state file ({error}); starting fresh"
            return
        self.reminders, self._meta = reminders, meta
        self._grants = {REMINDERS_SCOPE: set(granted), TIMERS_SCOPE: set(timer_grants)}

    def _save_state(self) -> None:
        """Write grants and reminders to the state file (whole, via a temporary file), if there is one."""
        if self.state_file is None:
            return
        state = {
            "version": STATE_VERSION,
            "granted": sorted(self._grants[REMINDERS_SCOPE]),
            "timers_granted": sorted(self._grants[TIMERS_SCOPE]),
            "reminders": {
                token: {"reminder": self.reminders[token], "meta": self._meta[token]} for token in self.reminders
            },
        }
        partial = self.state_file.with_name(self.state_file.name + ".tmp")
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(partial, self.state_file)
        except OSError as error:
            self.state_problem = f"could not save {self.state_file} ({error}); changes are kept only until exit"
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def _parse_state(state: Any) -> tuple[set, dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """(granted tokens, reminders, their bookkeeping) from a state file's JSON; ValueError if malformed."""
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise ValueError(f"expected an object with version {STATE_VERSION}")
    granted, stored = state.get("granted"), state.get("reminders")
    if not isinstance(granted, list) or not all(isinstance(token, str) for token in granted):
        raise ValueError("granted must be a list of access tokens")
    if not isinstance(stored, dict):
        raise ValueError("reminders must be an object keyed by alert token")
    reminders, meta = {}, {}
    for token, entry in stored.items():
        if not isinstance(entry, dict) or validate_reminder(entry.get("reminder")) is not None:
            raise ValueError(f"reminder {token} is not a valid reminder")
        if not _valid_meta(entry.get("meta")):
            raise ValueError(f"reminder {token} lacks a valid createdTime, updatedTime, status or version")
        reminders[token], meta[token] = entry["reminder"], entry["meta"]
    return set(granted), reminders, meta


def _valid_meta(meta: Any) -> bool:
    """The server's bookkeeping for one reminder, as `_store` writes it."""
    return (
        isinstance(meta, dict)
        and set(meta) == {"createdTime", "updatedTime", "status", "version"}
        and all(isinstance(value, str) for value in meta.values())
        and meta["version"].isdigit()
    )


# -- validation and description ------------------------------------------------------------------


def validate_reminder(reminder: Any) -> tuple[str, str] | None:
    """What the real Reminders API would reject with 400, as (code, message); None if acceptable."""
    if not isinstance(reminder, dict):
        return "INVALID_REQUEST", "The request body must be a JSON object."
    if reminder.get("requestTime") is not None and _any_time(reminder["requestTime"]) is None:
        return "INVALID_REQUEST_TIME", "requestTime must be an ISO 8601 timestamp."
    problem = _trigger_problem(reminder.get("trigger"))
    if problem:
        return problem
    problem = _alert_info_problem(reminder.get("alertInfo"))
    if problem:
        return problem
    push = reminder.get("pushNotification")
    if push is not None and (not isinstance(push, dict) or push.get("status") not in ("ENABLED", "DISABLED")):
        return "INVALID_PUSH_NOTIFICATION", "pushNotification.status must be ENABLED or DISABLED."
    return None


def _trigger_problem(trigger: Any) -> tuple[str, str] | None:
    if not isinstance(trigger, dict):
        return "INVALID_TRIGGER", "trigger is required."
    kind = trigger.get("type")
    zone = trigger.get("timeZoneId")
    if zone is not None and not _valid_zone(zone):
        return "INVALID_TIME_ZONE_ID", f"Unknown timeZoneId {zone!r}."
    if kind == "SCHEDULED_RELATIVE":
        offset = trigger.get("offsetInSeconds")
        if not isinstance(offset, int) or isinstance(offset, bool) or offset <= 0:
            return "INVALID_TRIGGER", "SCHEDULED_RELATIVE needs a positive offsetInSeconds."
        if trigger.get("recurrence"):
            return "INVALID_TRIGGER", "A relative reminder cannot recur."
        return None
    if kind != "SCHEDULED_ABSOLUTE":
        return "INVALID_TRIGGER_TYPE", "trigger.type must be SCHEDULED_ABSOLUTE or SCHEDULED_RELATIVE."
    recurrence = trigger.get("recurrence")
    if recurrence is not None and not isinstance(recurrence, dict):
        return "INVALID_TRIGGER_RECURRENCE", "trigger.recurrence must be an object."
    rules = (recurrence or {}).get("recurrenceRules")
    scheduled = trigger.get("scheduledTime")
    if scheduled is None and not rules:
        return "INVALID_TRIGGER", "SCHEDULED_ABSOLUTE needs scheduledTime (or recurrenceRules)."
    for name, value in (
        ("scheduledTime", scheduled),
        ("startDateTime", (recurrence or {}).get("startDateTime")),
        ("endDateTime", (recurrence or {}).get("endDateTime")),
    ):
        if value is not None and _local_time(value) is None:
            return (
                "INVALID_TRIGGER_SCHEDULED_TIME_FORMAT",
                f"{name} must be a local ISO 8601 time without a zone offset, got {value!r}.",
            )
    if rules is not None:
        if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
            return "INVALID_TRIGGER_RECURRENCE", "recurrenceRules must be a non-empty list of RRULEs."
        for rule in rules:
            problem = _rrule_problem(rule)
            if problem:
                return "INVALID_TRIGGER_RECURRENCE", problem
    elif recurrence:
        if recurrence.get("freq") not in ("DAILY", "WEEKLY"):
            return "INVALID_TRIGGER_RECURRENCE", "recurrence.freq must be DAILY or WEEKLY."
        if any(day not in _DAYS for day in recurrence.get("byDay") or []):
            return "INVALID_TRIGGER_RECURRENCE", "recurrence.byDay holds an unknown day."
    return None


def _rrule_problem(rule: str) -> str | None:
    parts = parse_rrule(rule)
    if parts.get("FREQ") not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MINUTELY"):
        return f"RRULE without a valid FREQ: {rule!r}."
    for key, top in (("BYHOUR", 23), ("BYMINUTE", 59), ("BYSECOND", 59)):
        for value in filter(None, parts.get(key, "").split(",")):
            if not value.isdigit() or not 0 <= int(value) <= top:
                return f"{key} out of range in {rule!r}."
    if any(day not in _DAYS for day in filter(None, parts.get("BYDAY", "").split(","))):
        return f"Unknown BYDAY in {rule!r}."
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and int(parts["INTERVAL"]) > 0):
        return f"INTERVAL must be a positive number in {rule!r}."
    return None


def _alert_info_problem(alert_info: Any) -> tuple[str, str] | None:
    spoken = alert_info.get("spokenInfo") if isinstance(alert_info, dict) else None
    content = spoken.get("content") if isinstance(spoken, dict) else None
    if not isinstance(content, list) or not content:
        return "INVALID_ALERT_INFO", "alertInfo.spokenInfo.content must list at least one entry."
    for entry in content:
        if not isinstance(entry, dict) or not entry.get("locale"):
            return "INVALID_ALERT_INFO", "Every spokenInfo.content entry needs a locale."
        if not (entry.get("text") or entry.get("ssml")):
            return "INVALID_ALERT_INFO", "Every spokenInfo.content entry needs text or ssml."
    return None


def parse_rrule(rule: str) -> dict[str, str]:
    """'FREQ=DAILY;BYHOUR=21;BYMINUTE=0' → {'FREQ': 'DAILY', 'BYHOUR': '21', 'BYMINUTE': '0'}."""
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    parts = (part.split("=", 1) for part in rule.split(";") if "=" in part)
    return {key.strip().upper(): value.strip().upper() for key, value in parts}


def ringing_time_of(reminder: dict[str, Any]) -> str | None:
    """The "HH:MM" a daily reminder rings at (from its first recurrence rule), or None."""
    rules = ((reminder.get("trigger") or {}).get("recurrence") or {}).get("recurrenceRules") or []
    rule = parse_rrule(rules[0]) if rules and isinstance(rules[0], str) else {}
    if not rule.get("BYHOUR", "").isdigit():
        return None
    return f"{int(rule['BYHOUR']):02d}:{int(rule.get('BYMINUTE') or 0):02d}"


def describe_schedule(reminder: dict[str, Any], time_zone: str | None = None) -> str:
    """When a reminder goes off, for people: 'every day at 9:00 PM America/New_York'."""
    when, zone = _schedule(reminder, time_zone)
    return f"{when} {zone}" if zone else when


def describe(reminder: dict[str, Any], time_zone: str | None = None) -> str:
    """A stored reminder for people: "every day at 9:00 PM (America/New_York): 'Time to stretch…'"."""
    when, zone = _schedule(reminder, time_zone)
    return f"{when} ({zone}): '{spoken_text(reminder)}'" if zone else f"{when}: '{spoken_text(reminder)}'"


def _schedule(reminder: dict[str, Any], time_zone: str | None) -> tuple[str, str]:
    """(when, time zone) of a reminder; the zone is '' for a relative one."""
    trigger = reminder.get("trigger") or {}
    if trigger.get("type") == "SCHEDULED_RELATIVE":
        return f"in {_duration(int(trigger.get('offsetInSeconds') or 0))}", ""
    zone = trigger.get("timeZoneId") or time_zone or "device time zone"
    recurrence = trigger.get("recurrence") or {}
    scheduled = _local_time(trigger.get("scheduledTime") or recurrence.get("startDateTime") or "")
    rules = recurrence.get("recurrenceRules") or []
    if rules:
        parts = parse_rrule(rules[0])
        when = _every(parts.get("FREQ", ""), list(filter(None, parts.get("BYDAY", "").split(","))))
        hour, minute = parts.get("BYHOUR", "").split(",")[0], parts.get("BYMINUTE", "0").split(",")[0]
        if hour.isdigit():
            clock = _clock(int(hour), int(minute) if minute.isdigit() else 0)
        else:
            clock = _clock(scheduled.hour, scheduled.minute) if scheduled else "the scheduled time"
        extra = f" (and {len(rules) - 1} more rules)" if len(rules) > 1 else ""
        return f"{when} at {clock}{extra}", zone
    if recurrence.get("freq") and scheduled:
        when = _every(recurrence["freq"], recurrence.get("byDay") or [])
        return f"{when} at {_clock(scheduled.hour, scheduled.minute)}", zone
    if scheduled:
        return f"on {scheduled:%a %d %b %Y} at {_clock(scheduled.hour, scheduled.minute)}", zone
    return "at an unknown time", zone


def spoken_text(reminder: dict[str, Any], locale: str = "en-US") -> str:
    """What Alexa will say when the reminder goes off (text, else the SSML without tags)."""
    content = (((reminder.get("alertInfo") or {}).get("spokenInfo") or {}).get("content")) or []
    entries = sorted(content, key=lambda entry: entry.get("locale") != locale)
    for entry in entries:
        if entry.get("text"):
            return entry["text"]
        if entry.get("ssml"):
            return re.sub(r"<[^>]+>", "", entry["ssml"]).strip()
    return ""


def _every(freq: str, days: list[str]) -> str:
    days = [day[-2:] for day in days]  # BYDAY may carry ordinals like 1MO
    if freq == "DAILY" or (freq == "WEEKLY" and set(days) == set(_DAYS)):
        return "every day"
    if freq == "WEEKLY" and days:
        names = [_DAYS[day] for day in sorted(days, key=_WEEK_ORDER.index) if day in _DAYS]
        return "every " + (" and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1])
    return {
        "WEEKLY": "every week",
        "MONTHLY": "every month",
        "YEARLY": "every year",
        "HOURLY": "every hour",
        "MINUTELY": "every minute",
    }.get(freq, "repeatedly")


def _clock(hour: int, minute: int) -> str:
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0 and seconds:
        return f"{seconds // 3600} hour{'s' if seconds != 3600 else ''}"
    if seconds % 60 == 0 and seconds:
        return f"{seconds // 60} minute{'s' if seconds != 60 else ''}"
    return f"{seconds} seconds"


# -- helpers -------------------------------------------------------------------------------------


def _parse_target(target: str) -> tuple[str | None, str]:
    words = target.strip().split(None, 1)
    method = None
    if len(words) == 2 and words[0].isalpha() and words[0].isupper():
        method, target = words[0], words[1]
    elif len(words) == 1 and words[0].upper() in ("GET", "POST", "PUT", "DELETE"):
        method, target = words[0].upper(), "*"
    prefix = _API_PREFIXES.get(target.strip().lower(), target.strip())
    if not prefix.startswith("/"):
        raise ValueError(f"unknown API or path prefix: {target!r}")
    return method, prefix


def _take(rules: list[_Rule], method: str, path: str) -> _Rule | None:
    for rule in rules:
        if rule.matches(method, path):
            rule.remaining -= 1
            if rule.remaining <= 0:
                rules.remove(rule)
            return rule
    return None


def _json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "The request body is not valid JSON.") from None


def _local_time(value: Any) -> dt.datetime | None:
    """A zone-less ISO 8601 local time (what Alexa wants in scheduledTime); None otherwise."""
    parsed = _any_time(value)
    return parsed if parsed is not None and parsed.tzinfo is None else None


def _any_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _valid_zone(name: Any) -> bool:
    try:
        ZoneInfo(name)
        return True
    except Exception:  # ZoneInfoNotFoundError, ValueError for malformed keys
        return False


def _utc_now() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _tls_context(folder: Path) -> ssl.SSLContext:
    """A throwaway CA and a localhost certificate it signed. Only the CA goes into `ca-bundle.pem`:
    with REQUESTS_CA_BUNDLE pointing at it, `requests` can reach the stand-in and nothing else, so a
    stray call to the real api.amazonalexa.com fails loudly instead of leaving the machine."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Alexa API stand-in test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "server.pem").write_bytes(leaf.public_bytes(pem))
    (folder / "server-key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "ca-bundle.pem").write_bytes(ca.public_bytes(pem))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server-key.pem")
    return context


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stand_in: AlexaApiStandIn

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # skip HTTPServer's reverse DNS lookup
        self.server_name, self.server_port = "localhost", self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError, OSError)):
            super().handle_error(request, client_address)  # a client that gave up is not an error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real API (the skill's client reuses it)
    timeout = 30
    wbufsize = -1  # headers and body leave in one write (flushed per request), and
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per answer
    server: _Server

    def do_GET(self) -> None:
        self.server.stand_in._serve(self)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def answer(self, status: int, body: Any) -> None:
        self.wfile.write(self._answer_bytes(status, body))

    def answer_slowly(self, status: int, body: Any, interval: float, wake: threading.Event) -> None:
        """The same answer a byte at a time; stops early when the stand-in is reset or the client goes."""
        for byte in self._answer_bytes(status, body):
            if wake.wait(interval):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _answer_bytes(self, status: int, body: Any) -> bytes:
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        head = [
            f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
        ]
        if payload:
            head.append("Content-Type: application/json")
        if status == 429:
            head.append("Retry-After: 1")
        head.append(f"Content-Length: {len(payload)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload

    def log_message(self, format: str, *args: Any) -> None:
        pass
