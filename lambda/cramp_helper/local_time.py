"""The device's local time: its time zone from the Alexa Settings API, read once per session.

Night mode, the diary and reminders need it. The zone is cached in session attributes so later turns
cost nothing. When the API can't be reached, the whole turn uses one stand-in, the locale's usual zone
(`usual_time_zone` in the locale's words): the night voice and the diary's times agree.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput

from .session import Session

logger = logging.getLogger(__name__)

NIGHT_STARTS_HOUR = 22
NIGHT_ENDS_HOUR = 6
MAX_CLOCK_AHEAD = timedelta(seconds=150)  # Alexa's allowance for a request's timestamp
_UNKNOWN = ""  # cached marker: we asked and could not learn the zone this session


def device_time_zone(handler_input: HandlerInput) -> str | None:
    """The device's IANA zone name (e.g. 'America/New_York'), or None when unknown."""
    session = Session(handler_input)
    if session.time_zone is not None:
        return session.time_zone or None
    zone = _ask_settings_api(handler_input)
    session.time_zone = zone or _UNKNOWN
    return zone


def turn_time_zone(handler_input: HandlerInput, usual: str) -> str:
    """The zone this turn's clock reads: the device's, else `usual` (the locale's usual zone)."""
    return device_time_zone(handler_input) or usual


def _ask_settings_api(handler_input: HandlerInput) -> str | None:
    try:
        context = handler_input.request_envelope.context
        system = context.system if context is not None else None
        device = system.device if system is not None else None
        if device is None:
            raise LookupError("the request names no device")
        zone = handler_input.service_client_factory.get_ups_service().get_system_time_zone(device.device_id)
        if zone is not None and not isinstance(zone, str):  # None: the device has no zone set
            raise TypeError(f"not a zone name: {type(zone).__name__}")
        zone_info(zone)  # reject names the zone database doesn't know
        return zone
    except Exception as error:  # unreachable API, no permission, odd answer: all mean "unknown"
        logger.warning("Time zone unavailable: %s", type(error).__name__)
        return None


def zone_info(name: str | None) -> ZoneInfo:
    """A ZoneInfo (from the system database or the bundled tzdata package); UTC for no name."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone: {name!r}") from error


def local_now(handler_input: HandlerInput, zone: str | None) -> datetime:
    """The request's own timestamp in the device's zone (the clock Alexa stamped, not the server's); the
    server's clock when the stamp is later than Alexa's 150 s allowance, so a forged or broken future stamp
    can never make the diary's older entries look stale or put a bogus newest one in it."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    now = datetime.now(UTC)
    if not isinstance(stamp, datetime):
        stamp = now
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    if stamp > now + MAX_CLOCK_AHEAD:
        stamp = now
    return stamp.astimezone(zone_info(zone))


def is_night_hour(hour: int) -> bool:
    return hour >= NIGHT_STARTS_HOUR or hour < NIGHT_ENDS_HOUR
