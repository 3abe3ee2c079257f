"""Which handler answers a request: the SDK's rule (the first, in order, whose `can_handle` is true),
asking only the handlers that could answer it.

The SDK's mapper calls every handler's `can_handle` until one says yes: a dozen calls on a typical turn,
more with every handler added. Most handlers declare what they answer (`handlers/base.py`: an intent
name, a few, or a request type), so this mapper keeps, per request kind, the handlers that declare it and
those that declare nothing (they may answer anything, e.g. the red-flag check), in their original order.
The same handler wins as with the SDK's mapper; `tests/test_dispatch.py` checks that on every request.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest
from ask_sdk_runtime.dispatch_components import GenericRequestHandlerChain, GenericRequestMapper

from .handlers.base import IntentHandler, IntentsHandler, RequestTypeHandler

INTENT_REQUEST = "IntentRequest"
RequestKind = tuple[str, str]  # (request type, intent name or "")


def kinds_answered(handler: object) -> frozenset[RequestKind] | None:
    """The request kinds `handler` declares it answers; None: it may answer any request."""
    if isinstance(handler, IntentHandler):
        return frozenset({(INTENT_REQUEST, handler.intent_name)})
    if isinstance(handler, IntentsHandler):
        return frozenset((INTENT_REQUEST, name) for name in handler.intent_names)
    if isinstance(handler, RequestTypeHandler) and handler.request_type != INTENT_REQUEST:
        return frozenset({(handler.request_type, "")})
    return None


def kind_of(handler_input: HandlerInput) -> RequestKind:
    request = handler_input.request_envelope.request
    if isinstance(request, IntentRequest):
        name = request.intent.name if request.intent is not None else None
        return INTENT_REQUEST, name or ""
    return getattr(request, "object_type", "") or "", ""


class IndexedRequestMapper(GenericRequestMapper):
    """The SDK's request mapper, with the handlers indexed by the request kinds they declare."""

    def __init__(self, request_handler_chains: Sequence[GenericRequestHandlerChain]) -> None:
        super().__init__(request_handler_chains=list(request_handler_chains))
        declared = [(chain, kinds_answered(chain.request_handler)) for chain in self.request_handler_chains]
        self._open = [chain for chain, kinds in declared if kinds is None]
        every_kind = {kind for _, kinds in declared for kind in kinds or ()}
        # Only declared kinds are keys, so requests naming made-up intents cannot grow the index.
        self._by_kind = {
            kind: [chain for chain, kinds in declared if kinds is None or kind in kinds] for kind in every_kind
        }

    def get_request_handler_chain(self, handler_input: Any) -> GenericRequestHandlerChain | None:
        """The first handler, in order, that can answer `handler_input` (a HandlerInput)."""
        for chain in self._by_kind.get(kind_of(handler_input), self._open):
            if chain.request_handler.can_handle(handler_input=handler_input):
                return chain
        return None
