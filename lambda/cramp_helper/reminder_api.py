"""The nightly stretch reminder, through the SDK's ReminderManagementServiceClient.

Every failure is turned into a `ReminderProblem` with a kind the handlers can speak about (`api_problem.py`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from ask_sdk_core.handler_input import HandlerInput

from .api_problem import ApiProblem, problem_of
from .reminder_times import ClockTime

if TYPE_CHECKING:  # the model classes are imported when a reminder is built: a content turn never needs them
    from ask_sdk_model.services.reminder_management import ReminderRequest, ReminderResponse


REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
REMINDERS_PATH = "/v1/alerts/reminders"


class ReminderProblem(ApiProblem):
    """Why a Reminders API call failed (`api_problem.py`)."""


def _problem(error: Exception) -> ReminderProblem:
    return problem_of(error, ReminderProblem, "Reminders")


def build_request(at: ClockTime, zone: str | None, text: str, locale: str, now: datetime) -> ReminderRequest:
    """A daily recurring reminder at `at` local time, first ringing at its next occurrence."""
    from ask_sdk_model.services.reminder_management import (
        AlertInfo,
        PushNotification,
        PushNotificationStatus,
        Recurrence,
        ReminderRequest,
        SpokenInfo,
        SpokenText,
        Trigger,
        TriggerType,
    )

    trigger = Trigger(
        object_type=TriggerType.SCHEDULED_ABSOLUTE,
        scheduled_time=at.next_after(now),
        time_zone_id=zone,
        recurrence=Recurrence(recurrence_rules=[at.rrule()]),
    )
    alert = AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)]))
    return ReminderRequest(
        request_time=datetime.now(UTC).replace(tzinfo=None),
        trigger=trigger,
        alert_info=alert,
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def schedule(handler_input: HandlerInput, request: ReminderRequest, existing_token: str | None) -> str | None:
    """Create the reminder, or replace the existing one; returns the alert token (None if Alexa sent none)."""
    try:
        client = handler_input.service_client_factory.get_reminder_management_service()
        if existing_token:
            try:
                # Without full_response the client returns the ReminderResponse (errors raise).
                updated = cast("ReminderResponse", client.update_reminder(existing_token, request))
                return updated.alert_token or existing_token
            except Exception as error:
                if getattr(error, "status_code", None) != 404:
                    raise
                # The user deleted it in the Alexa app: make a new one instead.
        return cast("ReminderResponse", client.create_reminder(request)).alert_token
    except Exception as error:
        raise _problem(error) from error


def cancel(handler_input: HandlerInput, token: str) -> None:
    """Delete the reminder; one already gone (404) counts as done."""
    try:
        client = handler_input.service_client_factory.get_reminder_management_service()
        client.delete_reminder(token)
    except Exception as error:
        if getattr(error, "status_code", None) == 404:
            return
        raise _problem(error) from error


def list_tokens(handler_input: HandlerInput) -> list[str]:
    """The alert tokens of this skill's reminders for this user (ReminderProblem when they can't be listed)."""
    return [token for token, _ in list_reminders(handler_input)]


def list_reminders(handler_input: HandlerInput) -> list[tuple[str, str | None]]:
    """This skill's reminders for this user as (alert token, daily time "HH:MM" or None), oldest first;
    ReminderProblem when they can't be listed. ask-sdk-model's get_reminders() cannot read the
    reminders it gets back (alexa/alexa-apis-for-python#30), so the same service client fetches the
    list as plain JSON."""
    factory = handler_input.service_client_factory
    try:
        config = factory.api_configuration
        # ask-sdk-model's per-argument type comments on invoke() are misaligned (10 types, 9 parameters).
        answer = factory.get_reminder_management_service().invoke(  # type: ignore[misc]
            method="GET",
            endpoint=config.api_endpoint,
            path=REMINDERS_PATH,
            query_params=[],
            path_params={},
            header_params=[("Authorization", "Bearer " + config.authorization_value)],
            body=None,
            response_definitions=[],
            response_type="object",
        )
    except Exception as error:  # mapped as every Reminders failure is: permission, busy, unavailable…
        raise _problem(error) from error
    body = answer.body if answer is not None else None
    alerts = body.get("alerts") if isinstance(body, dict) else None
    listed = [alert for alert in alerts or [] if isinstance(alert, dict) and isinstance(alert.get("alertToken"), str)]
    listed.sort(key=lambda alert: str(alert.get("createdTime") or ""))
    return [(alert["alertToken"], ringing_time(alert)) for alert in listed]


def ringing_time(alert: dict[str, Any]) -> str | None:
    """The "HH:MM" a listed reminder rings at: its daily rule, else its scheduled time."""
    trigger = alert.get("trigger")
    if not isinstance(trigger, dict):
        trigger = {}
    recurrence = trigger.get("recurrence")
    if not isinstance(recurrence, dict):
        recurrence = {}
    for rule in recurrence.get("recurrenceRules") or []:
        parts = dict(part.split("=", 1) for part in str(rule).split(";") if "=" in part)
        if parts.get("BYHOUR", "").isdigit() and parts.get("BYMINUTE", "0").isdigit():
            return f"{int(parts['BYHOUR']):02d}:{int(parts.get('BYMINUTE', '0')):02d}"
    scheduled = trigger.get("scheduledTime")
    if isinstance(scheduled, str) and len(scheduled) >= 16 and scheduled[13] == ":":
        return scheduled[11:16]
    return None
