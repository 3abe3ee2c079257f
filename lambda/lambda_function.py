"""AWS Lambda entry point: hands each Alexa request to the one skill built for this process."""

from __future__ import annotations

from typing import Any

from cramp_helper.skill import handle_event


def handler(event: Any, context: Any) -> dict[str, Any]:
    """Lambda handler named in template.yaml (`lambda_function.handler`)."""
    return handle_event(event, context)


# Alexa-hosted skills call `lambda_function.lambda_handler`; the same function either way.
lambda_handler = handler
