"""The Alexa API client (`cramp_helper/api_client.py`, the standard library's `http.client`) against a TLS
server on loopback that answers with exactly the bytes each test gives it: however Alexa frames an answer, the
skill reads it whole, and anything that is not HTTP becomes the SDK's `ApiClientException` (the skill's
spoken apology), never a hang."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest

from cramp_helper.api_client import TimeoutApiClient
from simulator.alexa_api import _tls_context

JSON = [("Content-Type", "application/json")]


@dataclass
class RawServer:
    """Accepts connections one at a time, keeps each request's bytes, sends `answer` and then closes
    (or holds the connection open, as a keep-alive server would, when `hold_open`)."""

    folder: Path
    answer: bytes = b""
    hold_open: bool = False
    requests: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tls = _tls_context(self.folder)
        self.ca_bundle = str(self.folder / "ca-bundle.pem")
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
                connection = self.tls.wrap_socket(raw, server_side=True)
                received = b""
                while b"\r\n\r\n" not in received:
                    received += connection.recv(65536)
                head, _, body = received.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                while len(body) < length:
                    body += connection.recv(65536)
                self.requests.append(head + b"\r\n\r\n" + body)
                connection.sendall(self.answer)
                if self.hold_open:
                    self.held.append(connection)
                else:
                    connection.close()
            except OSError:
                return

    def call(
        self, method: str = "GET", body: object = None, headers: list | None = None, timeout: float = 2.0
    ) -> tuple[int, object]:
        """What the SDK's service client would get back from the skill's API client."""
        request = ApiClientRequest(
            url=f"https://localhost:{self.port}/v2/devices/D/settings/System.timeZone",
            method=method,
            headers=headers if headers is not None else [("Authorization", "Bearer token"), *JSON],
            body=body,
        )
        response = TimeoutApiClient(timeout=timeout).invoke(request)
        return response.status_code, json.loads(response.body) if response.body else None


@pytest.fixture
def server(tmp_path, monkeypatch) -> Iterator[RawServer]:
    raw = RawServer(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", raw.ca_bundle)
    yield raw
    raw.listener.close()
    for connection in raw.held:
        connection.close()


def answer(status: str, headers: list[str], body: bytes = b"") -> bytes:
    return (f"HTTP/1.1 {status}\r\n" + "".join(f"{line}\r\n" for line in headers) + "\r\n").encode() + body


ZONE = json.dumps("Europe/Madrid").encode()


@pytest.mark.parametrize(
    "framing",
    [
        answer("200 OK", ["Content-Type: application/json", f"Content-Length: {len(ZONE)}"], ZONE),
        answer(
            "200 OK",
            ["Content-Type: application/json", "Transfer-Encoding: chunked"],
            b'5;note=x\r\n"Euro\r\n' + f"{len(ZONE) - 5:x}\r\n".encode() + ZONE[5:] + b"\r\n0\r\nX-Trailer: 1\r\n\r\n",
        ),
        answer("200 OK", ["Content-Type: application/json"], ZONE),  # the end of the stream ends the body
        answer("100 Continue", []) + answer("200", [f"Content-Length: {len(ZONE)}"], ZONE),  # an interim answer first
    ],
    ids=["length", "chunks", "until-close", "after-100-continue"],
)
def test_the_time_zone_is_read_however_the_answer_is_framed(server, framing):
    server.answer = framing
    assert server.call() == (200, "Europe/Madrid")


def test_a_server_keeping_the_connection_open_does_not_hold_the_answer(server):
    server.answer, server.hold_open = answer("200 OK", [f"Content-Length: {len(ZONE)}"], ZONE), True
    assert server.call(timeout=1.0) == (200, "Europe/Madrid")


def test_an_error_status_reaches_the_sdk_with_its_body(server):
    error = json.dumps({"code": "NOT_FOUND", "message": "no such device"}).encode()
    server.answer = answer("404 Not Found", ["Content-Type: application/json", f"Content-Length: {len(error)}"], error)
    assert server.call() == (404, {"code": "NOT_FOUND", "message": "no such device"})


def test_a_no_content_answer_has_no_body_to_wait_for(server):
    server.answer, server.hold_open = answer("204 No Content", []), True
    assert server.call("DELETE", timeout=1.0) == (204, None)


def test_the_request_names_the_host_asks_for_one_answer_and_sends_the_json_body(server):
    server.answer = answer("201 Created", ["Content-Length: 2"], b"{}")
    assert server.call("POST", body={"requestTime": "2026-12-02T03:00:00"}) == (201, {})
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /v2/devices/D/settings/System.timeZone HTTP/1.1"
    assert {
        f"Host: localhost:{server.port}",
        "Connection: close",
        f"Content-Length: {len(body)}",
        "Authorization: Bearer token",
        "Content-Type: application/json",
    } <= set(lines[1:])
    assert json.loads(body) == {"requestTime": "2026-12-02T03:00:00"}


@pytest.mark.parametrize(
    "broken",
    [
        b"SSH-2.0-OpenSSH_9.2\r\n\r\n",
        answer("20x OK", ["Content-Length: 0"]),
        answer("200 OK", ["Content-Length: 40"], b'"Europe'),  # cut short
        answer("200 OK", ["Transfer-Encoding: chunked"], b"zz\r\n"),
        answer("200 OK", ["Transfer-Encoding: chunked"], b"2\r\nabc\r\n0\r\n\r\n"),  # longer than its size
        answer("200 OK", [f"X-{n}: y" for n in range(101)]),
        answer("200 OK", ["Content-Length: 2000000"]),
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n",
        b"",  # closed without a word
    ],
    ids=[
        "not-http",
        "bad-status",
        "short-body",
        "bad-chunk-size",
        "chunk-overrun",
        "too-many-headers",
        "body-over-1-mib",
        "line-over-64-kib",
        "silent-close",
    ],
)
def test_an_answer_that_is_not_http_is_the_sdks_api_client_exception(server, broken):
    server.answer = broken
    with pytest.raises(ApiClientException):
        server.call(timeout=1.0)


def test_a_header_with_a_line_break_is_refused_before_anything_is_sent(server):
    with pytest.raises(ApiClientException):
        server.call(headers=[("Authorization", "Bearer token\r\nX-Injected: 1")])
    assert server.requests == []


def test_a_device_id_with_a_space_never_becomes_a_broken_request_line(server):
    """The device id comes from the request envelope, so the client decides it."""
    request = ApiClientRequest(
        url=f"https://localhost:{server.port}/v2/devices/a b/settings/System.timeZone",
        method="GET",
        headers=[("Authorization", "Bearer token")],
    )
    with pytest.raises(ApiClientException):
        TimeoutApiClient(timeout=1.0).invoke(request)
    assert server.requests == []
