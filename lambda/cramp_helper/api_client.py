"""The transport under the SDK's service clients (Settings, Reminders): HTTPS with a timeout.

The SDK's `DefaultApiClient` does this through `requests`, with two costs a voice skill feels: it sets
no timeout, so a hung Alexa API would hold the turn past the 8 s Alexa waits; and `import requests`
adds about 0.1 s to every cold start, because night mode asks the Settings API on each session's
first turn. This client keeps the SDK's contract (https only, JSON bodies, header lists, every
failure an `ApiClientException`) on the standard library's `ssl` (one HTTP/1.1 exchange a call,
`wire.py`), and trusts what the SDK's client trusted: `REQUESTS_CA_BUNDLE` when set, else certifi's
roots. A built package carries those roots as a hashed directory (`ca_directory.py`, a build step),
which OpenSSL reads one root at a time: a TLS context from certifi's single file costs a cold start
about 65 ms (importing certifi included), from the directory about 2 ms.
"""

from __future__ import annotations

import json
import os
import ssl
from urllib.parse import urlsplit

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from . import deadline
from .wire import Exchange

DEFAULT_TIMEOUT_SECONDS = 3.0
# certifi's roots, one a file named by subject hash: written by lambda/Makefile's build (absent in a source tree)
CA_DIRECTORY = os.path.join(os.path.dirname(__file__), "trusted_cas")
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"})


class TimeoutApiClient(ApiClient):
    """An `ApiClient` whose every call, as a whole (connect, send, every read), gives up after `timeout`
    seconds (ALEXA_API_TIMEOUT, default 3) or when the turn's budget runs out, whichever is sooner."""

    def __init__(self, timeout: float | None = None, ca_directory: str = CA_DIRECTORY) -> None:
        self.timeout = timeout or float(os.environ.get("ALEXA_API_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
        self.ca_directory = ca_directory
        self._tls: ssl.SSLContext | None = None

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        method = (request.method or "").upper()
        if method not in METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        url = urlsplit(request.url or "")
        if url.scheme != "https" or not url.hostname:
            raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")
        headers = joined_headers(request.headers)
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        try:
            seconds = deadline.require(self.timeout)  # this call's share of the turn's budget
            exchange = Exchange(url.hostname, url.port, self.tls(), seconds)
            try:
                status, answer_headers, body = deadline.run_within(
                    lambda: exchange.request(method, path, headers, encoded_body(request.body, headers)),
                    seconds,
                    on_abandon=exchange.shut,
                )
            finally:
                exchange.close()
        except (OSError, ValueError) as error:  # refused, timed out, TLS, not HTTP (wire.ProtocolError)
            raise ApiClientException(f"Error executing the request: {error!r}") from error
        return ApiClientResponse(
            headers=answer_headers, status_code=status, body=body.decode("utf-8", errors="replace")
        )

    def tls(self) -> ssl.SSLContext:
        """Certificate and host-name checks on, built once per process."""
        if self._tls is None:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE")
            if bundle:
                self._tls = ssl.create_default_context(cafile=bundle)
            elif os.path.isdir(self.ca_directory):
                self._tls = ssl.create_default_context(capath=self.ca_directory)
            else:
                import certifi

                self._tls = ssl.create_default_context(cafile=certifi.where())
        return self._tls


def joined_headers(pairs: list[tuple[str, str]] | None) -> dict[str, str]:
    """The service clients' header list as one header each, repeated values comma-joined (as the SDK does)."""
    headers: dict[str, str] = {}
    for key, value in pairs or ():
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def encoded_body(body: object, headers: dict[str, str]) -> bytes | None:
    """A JSON body serialised (the service clients hand over a dict), anything else sent as text."""
    if not body:
        return None
    content_type = next((value for key, value in headers.items() if key.lower() == "content-type"), "")
    text = json.dumps(body) if "json" in content_type and not isinstance(body, str) else str(body)
    return text.encode("utf-8")
