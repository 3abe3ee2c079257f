"""Reading slot values the way Alexa's entity resolution reports them."""
from __future__ import annotations

from typing import Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput


def slot_value(handler_input: HandlerInput, name: str) -> Tuple[Optional[str], Optional[str]]:
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
