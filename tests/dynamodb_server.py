"""A real DynamoDB API on loopback (moto's server mode) for the preference tests.

The skill reaches it exactly as it reaches AWS: boto3 over HTTP, pointed by AWS_ENDPOINT_URL_DYNAMODB.
"""

from __future__ import annotations

import http.client
import socket
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def dynamodb_table(dynamodb_endpoint, monkeypatch):
    """A fresh preferences table (partition key `id`, as template.yaml makes it); the skill is
    configured to use it through PREFERENCES_TABLE."""
    for name, value in {
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = "prefs-" + uuid.uuid4().hex[:8]
    table = boto3.resource("dynamodb", region_name=REGION, endpoint_url=dynamodb_endpoint).create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    monkeypatch.setenv("PREFERENCES_TABLE", name)
    return table


THROTTLED_BODY = (
    b'{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",'
    b'"message":"The level of configured provisioned throughput for the table was exceeded."}'
)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A skill that gave up on a slow answer has closed its end: expected here, so not printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ThrottlingDynamoDb:
    """A loopback HTTP proxy in front of the moto server that answers the chosen operations (e.g.
    {"UpdateItem"}) as a throttled DynamoDB does (HTTP 400, ProvisionedThroughputExceededException) and
    passes every other request through untouched. `calls` lists the operations it saw.

    `slow` operations are answered only after `delay` seconds (a DynamoDB in trouble); `stop()` (or
    closing the proxy) releases them at once. `cut` operations get their 200 cut in half on the way, with a
    Content-Length to match and no checksum header (a body truncated by a broken middlebox)."""

    def __init__(self, upstream: str, throttled: set[str], slow: set[str] = frozenset(), delay: float = 0.0) -> None:
        self.upstream, self.throttled, self.calls = urlsplit(upstream), set(throttled), []
        self.slow, self.delay, self.released = set(slow), delay, threading.Event()
        self.cut: set[str] = set()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # DynamoDB's JSON protocol: every operation is a POST
                operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.calls.append(operation)
                if operation in proxy.slow:
                    proxy.released.wait(proxy.delay)
                if operation in proxy.throttled:
                    status, headers, answer = 400, {"Content-Type": "application/x-amz-json-1.0"}, THROTTLED_BODY
                else:
                    status, headers, answer = proxy.forward(self.path, dict(self.headers), body)
                    if operation in proxy.cut:
                        headers.pop("x-amz-crc32", None)
                        headers.pop("X-Amz-Crc32", None)
                        answer = answer[: len(answer) // 2]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def forward(self, path: str, headers: dict, body: bytes):
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=5)
        try:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            kept = {
                name: value
                for name, value in answer.getheaders()
                if name.lower() in ("content-type", "x-amz-crc32", "x-amzn-requestid")
            }
            return answer.status, kept, answer.read()
        finally:
            connection.close()

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def throttling_dynamodb(dynamodb_table, dynamodb_endpoint, monkeypatch):
    """`throttle({"UpdateItem"})` puts a throttling proxy between the skill and the table;
    `throttle(set(), slow={"GetItem"}, delay=5)` one that answers reads after 5 s."""
    proxies = []

    def throttle(operations: set[str], slow: set[str] = frozenset(), delay: float = 0.0) -> ThrottlingDynamoDb:
        proxy = ThrottlingDynamoDb(dynamodb_endpoint, operations, slow, delay)
        proxies.append(proxy)
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", proxy.endpoint)
        return proxy

    yield throttle
    for proxy in proxies:
        proxy.close()
