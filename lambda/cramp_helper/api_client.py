"""The SDK's API client, with a timeout.

`ask_sdk_core.api_client.DefaultApiClient` calls `requests` without a timeout, so a hung Alexa API
would hold the turn past the 8 s Alexa waits for an answer. This client keeps everything the SDK
does (https only, header handling, error wrapping) and only adds a timeout and a kept-alive session.
"""
from __future__ import annotations

import functools
import os
from typing import Callable

from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.exceptions import ApiClientException

DEFAULT_TIMEOUT_SECONDS = 3.0


class TimeoutApiClient(DefaultApiClient):
    """DefaultApiClient whose every call gives up after `timeout` seconds."""

    def __init__(self, timeout: float | None = None) -> None:
        super().__init__()
        self.timeout = timeout or float(os.environ.get("ALEXA_API_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
        self._session = None

    def _resolve_method(self, request) -> Callable:
        method = (request.method or "").lower()
        if method not in {"get", "post", "put", "delete", "patch", "head"}:
            raise ApiClientException(f"Invalid request method: {request.method}")
        if self._session is None:
            import requests  # the SDK imports it anyway; a session keeps the TLS connection warm

            self._session = requests.Session()
        return functools.partial(getattr(self._session, method), timeout=self.timeout)
