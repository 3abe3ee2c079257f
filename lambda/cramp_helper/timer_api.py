"""The ten-minute check-in timer, through the SDK's TimerManagementServiceClient.

When the timer ends, Alexa asks whether to go back to the skill (`textToConfirm`) and, on yes, opens it
with the skill's own task (`LAUNCH_TASK`, declared in skill.json and `skill-package/tasks/`), so the
check-in arrives as a LaunchRequest carrying that task. Every failure becomes a `TimerProblem` with a
kind the handlers can speak about (`api_problem.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput

from .api_problem import ApiProblem, problem_of

if TYPE_CHECKING:  # the model classes are imported when a timer is set: a content turn never needs them
    from ask_sdk_model.services.timer_management import TimerRequest


TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
CHECK_IN_TASK = "CrampCheck"  # skill.json apis.custom.tasks and skill-package/tasks/CrampCheck.1.json
CHECK_IN_TASK_VERSION = "1"
CHECK_IN_MINUTES = 10  # a cramp that has not eased in about ten minutes needs urgent help


class TimerProblem(ApiProblem):
    """Why a Timers API call failed (`api_problem.py`)."""


def _problem(error: Exception) -> TimerProblem:
    return problem_of(error, TimerProblem, "Timers")


def check_in_request(skill_id: str, locale: str, label: str, confirm: str) -> TimerRequest:
    """A visible ten-minute timer that rings, then offers to open the skill's check-in task."""
    from ask_sdk_model.services.timer_management import (
        CreationBehavior,
        DisplayExperience,
        LaunchTaskOperation,
        NotificationConfig,
        Task,
        TextToConfirm,
        TimerRequest,
        TriggeringBehavior,
        Visibility,
    )

    task = Task(name=f"{skill_id}.{CHECK_IN_TASK}", version=CHECK_IN_TASK_VERSION, input={"kind": "cramp_check"})
    operation = LaunchTaskOperation(text_to_confirm=[TextToConfirm(locale=locale, text=confirm)], task=task)
    return TimerRequest(
        duration=f"PT{CHECK_IN_MINUTES}M",
        timer_label=label,
        creation_behavior=CreationBehavior(display_experience=DisplayExperience(visibility=Visibility.VISIBLE)),
        triggering_behavior=TriggeringBehavior(
            operation=operation, notification_config=NotificationConfig(play_audible=True)
        ),
    )


def start(handler_input: HandlerInput, request: TimerRequest) -> str | None:
    """Create the timer; returns its id (None if Alexa sent none)."""
    try:
        client = handler_input.service_client_factory.get_timer_management_service()
        created = client.create_timer(request)
    except Exception as error:
        raise _problem(error) from error
    return getattr(created, "id", None)


def skill_id_of(handler_input: HandlerInput) -> str:
    """This skill's id, as the request names it (the task a timer opens is "<skill id>.CrampCheck")."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    return str(getattr(getattr(system, "application", None), "application_id", None) or "")


def is_check_in(task_name: str | None) -> bool:
    """A launch that carries the check-in task ("<skill id>.CrampCheck")."""
    return bool(task_name) and str(task_name).rsplit(".", 1)[-1] == CHECK_IN_TASK
