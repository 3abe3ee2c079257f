"""The web service as the README runs it keeps answering everyone: gunicorn alone while one client stalls
half-way through its request; nginx in front (`make host`) while many trickle or sit idle; hostile bodies
get 4xx, never 500."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bench.slow_clients import trickle
from simulator.envelopes import Device, envelope, launch_request
from tests.dynamodb_server import free_port
from tests.test_webservice import REPO
from webservice.app import create_app

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "webservice/gunicorn.conf.py", "webservice.app:create_app()"]
HOST = [sys.executable, "-m", "webservice.host"]
TRICKLING_CLIENTS, IDLE_CONNECTIONS = 16, 64


def launch_body() -> bytes:
    return json.dumps(envelope(launch_request(), Device())).encode()


def serving(command: list[str], tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PREFERENCES_DB": str(tmp_path / "prefs.sqlite3"),
        "ASK_SDK_VERIFY_SIGNATURE": "false",
        "ASK_SDK_VERIFY_TIMESTAMP": "false",
        "HOME": str(tmp_path),
        "GUNICORN_WORKERS": "1",
    }  # one worker: its threads alone must keep the others answered
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    while time.monotonic() - started < 30 and server.poll() is None:
        try:
            requests.post(url, data=launch_body(), timeout=5)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=15)


@pytest.fixture
def gunicorn(tmp_path):
    yield from serving(GUNICORN, tmp_path)


@pytest.fixture
def hosted(tmp_path):
    """`make host`: nginx (Debian's package, installed by `make setup`) in front of gunicorn."""
    yield from serving(HOST, tmp_path)


def test_many_trickling_and_idle_clients_delay_no_one_behind_nginx(hosted):
    done = threading.Event()
    tricklers = [threading.Thread(target=trickle, args=(hosted, done)) for _ in range(TRICKLING_CLIENTS)]
    idle = [socket.create_connection(("127.0.0.1", hosted)) for _ in range(IDLE_CONNECTIONS)]
    try:
        for thread in tricklers:
            thread.start()
        time.sleep(1.0)  # every slow client is connected and sending
        answers = [requests.post(f"http://127.0.0.1:{hosted}/", data=launch_body(), timeout=5) for _ in range(5)]
        assert [answer.status_code for answer in answers] == [200] * 5
        assert all("Leg Cramp Helper" in answer.text for answer in answers)
        assert any(thread.is_alive() for thread in tricklers)  # still trickling while the others were served
    finally:
        done.set()
        for connection in idle:
            connection.close()
        for thread in tricklers:
            thread.join()


def test_behind_nginx_only_the_skills_path_is_served(hosted):
    assert requests.get(f"http://127.0.0.1:{hosted}/admin", timeout=5).status_code == 404
    assert requests.post(f"http://127.0.0.1:{hosted}/", data=b"x" * (200 * 1024), timeout=5).status_code == 413


def test_one_slow_client_does_not_hold_up_anyone_else(gunicorn):
    slow = socket.create_connection(("127.0.0.1", gunicorn))
    body = launch_body()
    slow.sendall(
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body[: len(body) // 2]
    )
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(
                pool.map(
                    lambda _: requests.post(f"http://127.0.0.1:{gunicorn}/", data=launch_body(), timeout=20), range(12)
                )
            )
        assert [answer.status_code for answer in answers] == [200] * 12
        assert all(answer.json()["response"]["outputSpeech"]["ssml"] for answer in answers)
        slow.sendall(body[len(body) // 2 :])  # the slow client, still connected, gets its answer at the end
        assert b"200 OK" in slow.recv(65536)
    finally:
        slow.close()


def test_a_small_body_nested_5000_deep_is_refused_with_400_not_500(gunicorn):
    nested = b'{"a":' * 2000 + b"[" * 3000 + b"]" * 3000 + b"}" * 2000
    assert len(nested) < 30_000
    answer = requests.post(f"http://127.0.0.1:{gunicorn}/", data=nested, timeout=10)
    assert answer.status_code == 400 and "nested too deeply" in answer.json()["error"]


@pytest.mark.parametrize("depth", [65, 300, 5000])
def test_deep_values_inside_a_real_envelope_are_refused_not_a_crash(depth, monkeypatch):
    monkeypatch.setenv("ASK_SDK_VERIFY_SIGNATURE", "false")
    monkeypatch.setenv("ASK_SDK_VERIFY_TIMESTAMP", "false")
    body = envelope(launch_request(), Device())
    body["context"]["Deep"] = "DEEP"  # json.dumps can't write past Python's recursion limit: splice it in
    text = json.dumps(body).replace('"DEEP"', "[" * depth + "]" * depth).encode()
    answer = create_app().test_client().post("/", data=text)
    assert answer.status_code == 400 and "nested too deeply" in answer.get_json()["error"]
