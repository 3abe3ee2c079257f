"""Reading slot values the way Alexa's entity resolution reports them."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest


def slot_value(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """(what was heard, the canonical value id it resolved to). Either may be None: nothing heard,
    or heard but not one of the model's values (ER_SUCCESS_NO_MATCH)."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (intent.slots or {}).get(name) if intent is not None else None
    if slot is None or not slot.value:
        return None, None
    resolutions = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in resolutions or []:
        code = authority.status.code.value if authority.status and authority.status.code else None
        if code == "ER_SUCCESS_MATCH" and authority.values:
            value = authority.values[0].value
            return slot.value, (value.id or value.name)
    return slot.value, None


def intent_name(handler_input: HandlerInput) -> str:
    """The name of the intent in an IntentRequest (what a handler's can_handle matched on)."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or request.intent is None or request.intent.name is None:
        raise TypeError("not an IntentRequest naming an intent")
    return request.intent.name
