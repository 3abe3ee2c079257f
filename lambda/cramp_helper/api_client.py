"""The transport under the SDK's service clients (Settings, Reminders): HTTPS that ends with the turn.

The SDK's `DefaultApiClient` goes through `requests` with no timeout, so a hung Alexa API would hold the turn
past the 8 s Alexa waits, and `import requests` is about 0.1 s of every cold start (night mode asks the
Settings API on each session's first turn). This client keeps the SDK's contract (https only, JSON bodies,
header lists, every failure an `ApiClientException`) on the standard library's `http.client`, one connection
a call. Every wait on the socket (connect, TLS, send, each read) ends at the call's deadline, the time left in
the turn, so a server that trickles a byte at a time cannot hold the turn either; no thread is needed.

It trusts what the SDK's client trusts: `REQUESTS_CA_BUNDLE` when set, else certifi's roots. A built package
carries them as an OpenSSL hashed directory (`lambda/Makefile`, `openssl rehash`), from which OpenSSL reads
only the root a server's chain names; certifi's single file is read whole on every cold start.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from . import deadline

DEFAULT_TIMEOUT_SECONDS = 3.0
# certifi's roots, one a file named by subject hash: written by lambda/Makefile's build (absent in a source tree)
CA_DIRECTORY = os.path.join(os.path.dirname(__file__), "trusted_cas")
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"})
MAX_BODY = 1 << 20  # Alexa's APIs answer small JSON; anything larger is not theirs


class TimeoutApiClient(ApiClient):
    """An `ApiClient` whose every call, as a whole, gives up after `timeout` seconds (ALEXA_API_TIMEOUT,
    default 3) or when the turn's budget runs out, whichever is sooner."""

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
        headers = {**joined_headers(request.headers), "Connection": "close"}
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        try:
            seconds = deadline.require(self.timeout)  # this call's share of the turn's budget
            connection = _TurnBoundConnection(url.hostname, url.port, self.tls(), seconds)
            try:
                connection.request(method, path, encoded_body(request.body, headers), headers)
                answer = connection.getresponse()
                body = read_body(answer)
                answer_headers = answer.getheaders()
            finally:
                connection.close()
        except (OSError, ValueError, http.client.HTTPException) as error:  # refused, timed out, TLS, not HTTP
            raise ApiClientException(f"Error executing the request: {error!r}") from error
        return ApiClientResponse(
            headers=answer_headers, status_code=answer.status, body=body.decode("utf-8", errors="replace")
        )

    def tls(self) -> ssl.SSLContext:
        """Certificate and host-name checks on, built once per process."""
        if self._tls is None:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE")
            if bundle:
                context = ssl.create_default_context(cafile=bundle)
            elif os.path.isdir(self.ca_directory):
                context = ssl.create_default_context(capath=self.ca_directory)
            else:
                import certifi

                context = ssl.create_default_context(cafile=certifi.where())
            context.sslsocket_class = _TurnBoundSocket
            self._tls = context
        return self._tls


class _TurnBoundSocket(ssl.SSLSocket):
    """A TLS socket whose every send and read may wait only until `ends_at` (time.monotonic() seconds)."""

    ends_at = float("inf")

    def _wait_until_the_end(self) -> None:
        left = self.ends_at - time.monotonic()
        if left <= 0:
            raise TimeoutError("the call's time is up")
        self.settimeout(left)

    def recv_into(self, buffer: Any, nbytes: int | None = None, flags: int = 0) -> int:
        self._wait_until_the_end()
        return super().recv_into(buffer, nbytes, flags)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self._wait_until_the_end()
        super().sendall(data, flags)


class _TurnBoundConnection(http.client.HTTPSConnection):
    """One HTTPS exchange; connecting and the TLS handshake time out on `seconds`, everything after at the
    deadline `seconds` from now."""

    def __init__(self, host: str, port: int | None, tls: ssl.SSLContext, seconds: float) -> None:
        super().__init__(host, port, timeout=seconds, context=tls)
        self.ends_at = time.monotonic() + seconds

    def connect(self) -> None:
        super().connect()
        if isinstance(self.sock, _TurnBoundSocket):
            self.sock.ends_at = self.ends_at


def read_body(answer: http.client.HTTPResponse) -> bytes:
    """The whole body, at most 1 MiB: one cut short (IncompleteRead) or larger is not an answer."""
    if answer.length is not None and answer.length > MAX_BODY:
        raise ValueError("the answer's body is larger than 1 MiB")
    body = answer.read() if answer.length is not None else answer.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise ValueError("the answer's body is larger than 1 MiB")
    return body


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
