"""AWS Lambda entry point: hands each Alexa request to the one skill built for this process."""
from cramp_helper.skill import handle_event


def handler(event, context):
    """Lambda handler named in template.yaml (`lambda_function.handler`)."""
    return handle_event(event, context)
