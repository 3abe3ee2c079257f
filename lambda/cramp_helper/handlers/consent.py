"""Asking for a permission by voice (Alexa's AskFor connection), for the reminders and the check-in timer."""

from __future__ import annotations

from ask_sdk_model import Response

from ..speech import Speech
from ..turn import Turn


def ask_for(turn: Turn, scope: str, token: str, lead: str, title: str) -> Response:
    """Say why the permission is needed and hand over to Alexa's question; Alexa answers with a
    Connections.Response carrying `token`, so the answer finishes what was asked."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective  # off the cold path, as screens' models

    turn.input.response_builder.add_directive(
        SendRequestDirective(
            name="AskFor",
            token=token,
            payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": scope},
        )
    )
    turn.session.clear_activity()
    return turn.reply(Speech().say(lead), title=title, end=True)
