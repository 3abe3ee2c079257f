"""One HTTP/1.1 request and its answer over TLS: what the Alexa API client needs of HTTP, and no more.

The standard library's `http.client` would do, but it loads the `email` package (15 modules) to parse
headers, about 15 ms of every cold start, since each session's first turn reads the device's time zone.
Alexa's APIs answer small JSON bodies, so this is one request per connection (`Connection: close`) with the
body framed by a length, by chunks or by the end of the stream, within http.client's limits (64 KiB a line,
100 headers) and at most 1 MiB of body. Anything else is a `ProtocolError`.
"""

from __future__ import annotations

import socket
import ssl
from typing import BinaryIO

MAX_LINE = 65536
MAX_HEADERS = 100
MAX_BODY = 1 << 20
NO_BODY_STATUSES = frozenset({204, 304})
_UNSAFE = frozenset("\r\n\0")
_HEX = frozenset("0123456789abcdefABCDEF")
Headers = list[tuple[str, str]]
Answer = tuple[int, Headers, bytes]  # status, headers in order, body


class ProtocolError(ValueError):
    """The request can't be written as HTTP, or the answer is not the HTTP/1.x it should be."""


class Exchange:
    """One connection, one request, one answer. `shut` may be called from another thread to wake a read
    blocked on a server that stopped: the read then fails at once."""

    def __init__(self, host: str, port: int | None, tls: ssl.SSLContext, timeout: float) -> None:
        self.host, self.port, self.tls, self.timeout = host, port or 443, tls, timeout
        self.sock: ssl.SSLSocket | None = None

    def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Answer:
        """Send the request and read the whole answer."""
        message = request_bytes(method, self.authority(), path, headers, body)
        # An ASCII name as bytes: the same lookup and certificate check, without loading the IDNA codec.
        name: str | bytes = self.host.encode() if self.host.isascii() else self.host
        # getaddrinfo takes bytes (typeshed types only str for create_connection's host)
        raw = socket.create_connection((name, self.port), timeout=self.timeout)  # type: ignore[arg-type]
        self.sock = self.tls.wrap_socket(raw, server_hostname=name)
        self.sock.sendall(message)
        with self.sock.makefile("rb") as reader:
            return read_answer(reader, method)

    def authority(self) -> str:
        return self.host if self.port == 443 else f"{self.host}:{self.port}"

    def shut(self) -> None:
        """The plain socket's shutdown, since SSLSocket.shutdown would pull the TLS state from under a reader."""
        if self.sock is not None:
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


def request_bytes(method: str, authority: str, path: str, headers: dict[str, str], body: bytes | None) -> bytes:
    """The request as sent: ours first (Host, the length, no compression, one request), then the caller's."""
    ours = {"Host": authority, "Connection": "close", "Accept-Encoding": "identity"}
    if body is not None or method in ("POST", "PUT", "PATCH"):
        ours["Content-Length"] = str(len(body or b""))
    taken = {name.lower() for name in ours}
    lines = [f"{method} {path} HTTP/1.1", *(f"{name}: {value}" for name, value in ours.items())]
    lines += [f"{name}: {value}" for name, value in headers.items() if name.lower() not in taken]
    if any(_UNSAFE.intersection(line) for line in lines):
        raise ProtocolError("a request line or header holds a line break")
    if any(character <= " " or character == "\x7f" for character in path):  # as http.client refuses them
        raise ProtocolError(f"a space or control character in the path: {path[:60]!r}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def read_answer(reader: BinaryIO, method: str) -> Answer:
    """Status, headers and body of the answer; interim 1xx answers are passed over."""
    status, headers = _read_head(reader)
    while 100 <= status < 200:
        status, headers = _read_head(reader)
    if method == "HEAD" or status in NO_BODY_STATUSES:
        return status, headers, b""
    named = {name.lower(): value for name, value in headers}
    if "chunked" in named.get("transfer-encoding", "").lower():
        return status, headers, _read_chunks(reader)
    if "content-length" in named:
        return status, headers, _read_exactly(reader, _length(named["content-length"]))
    body = reader.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        raise ProtocolError("the answer's body is larger than 1 MiB")
    return status, headers, body


def _line(reader: BinaryIO) -> str:
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise ProtocolError("a line of the answer is longer than 64 KiB")
    if not line:
        raise ProtocolError("the server closed the connection before answering in full")
    return line.decode("latin-1").rstrip("\r\n")


def _read_head(reader: BinaryIO) -> tuple[int, Headers]:
    version, _, rest = _line(reader).partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit() or rest[3:4] not in ("", " "):
        raise ProtocolError(f"not an HTTP/1.x status line: {version} {rest[:40]!r}")
    headers: Headers = []
    while line := _line(reader):
        if len(headers) == MAX_HEADERS:
            raise ProtocolError("more than 100 headers")
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise ProtocolError(f"not a header line: {line[:40]!r}")
        headers.append((name, value.strip(" \t")))
    return int(code), headers


def _length(value: str) -> int:
    lengths = {part.strip() for part in value.split(",")}  # a repeated header arrives comma-joined
    if len(lengths) != 1 or not next(iter(lengths)).isdigit():
        raise ProtocolError(f"not a content length: {value[:40]!r}")
    length = int(lengths.pop())
    if length > MAX_BODY:
        raise ProtocolError("the answer's body is larger than 1 MiB")
    return length


def _read_exactly(reader: BinaryIO, length: int) -> bytes:
    data = reader.read(length)
    if len(data) != length:
        raise ProtocolError(f"the answer ended after {len(data)} of {length} bytes")
    return data


def _read_chunks(reader: BinaryIO) -> bytes:
    body = bytearray()
    while True:
        size_text = _line(reader).split(";", 1)[0].strip()
        if not size_text or not _HEX.issuperset(size_text):
            raise ProtocolError(f"not a chunk size: {size_text[:20]!r}")
        size = int(size_text, 16)
        if len(body) + size > MAX_BODY:
            raise ProtocolError("the answer's body is larger than 1 MiB")
        if size == 0:
            while _line(reader):  # trailers, unused
                pass
            return bytes(body)
        body += _read_exactly(reader, size)
        if _line(reader):
            raise ProtocolError("a chunk is longer than its size says")
