"""Normal requests to the hosted web service (`make host`: nginx in front of gunicorn) while clients
trickle their requests a byte at a time and others hold idle connections: how long each normal
request takes, which must stay under a second (`bench/reliability.py`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 1.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def trickle(port: int, until: threading.Event) -> None:
    """A client sending its request's headers a byte at a time, as a slow or hostile one does, until
    `until` is set or the server gives up on it."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not until.wait(0.25):
            try:
                client.sendall(b"X")
            except OSError:
                return


def measure(trickling: int = 16, idle: int = 64, requests_made: int = 20) -> dict:
    """Seconds each normal request took with `trickling` and `idle` clients connected (one gunicorn worker)."""
    sys.path[:0] = [str(ROOT), str(ROOT / "lambda")]
    from simulator.envelopes import Device, envelope, launch_request

    body = json.dumps(envelope(launch_request(), Device())).encode()
    port = _free_port()
    scratch = tempfile.mkdtemp(prefix="cramp-slow-")
    env = {
        **os.environ,
        "PORT": str(port),
        "PREFERENCES_DB": f"{scratch}/prefs.sqlite3",
        "HOME": scratch,
        "ASK_SDK_VERIFY_SIGNATURE": "false",
        "ASK_SDK_VERIFY_TIMESTAMP": "false",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "webservice.host"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    done = threading.Event()
    try:
        started = time.monotonic()
        while time.monotonic() - started < 30:
            try:
                requests.post(url, data=body, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        tricklers = [threading.Thread(target=trickle, args=(port, done)) for _ in range(trickling)]
        for thread in tricklers:
            thread.start()
        connections = [socket.create_connection(("127.0.0.1", port)) for _ in range(idle)]
        time.sleep(1.0)
        took, statuses = [], []
        for _ in range(requests_made):
            began = time.perf_counter()
            try:
                statuses.append(requests.post(url, data=body, timeout=8).status_code)
            except requests.RequestException:
                statuses.append(0)
            took.append(time.perf_counter() - began)
        for connection in connections:
            connection.close()
    finally:
        done.set()
        server.terminate()
        server.wait(timeout=15)
    took.sort()
    return {
        "trickling_clients": trickling,
        "idle_connections": idle,
        "requests": requests_made,
        "answered": statuses.count(200),
        "slowest_seconds": round(took[-1], 3),
        "median_seconds": round(took[len(took) // 2], 3),
        "limit_seconds": LIMIT_SECONDS,
    }
