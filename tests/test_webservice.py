"""The self-hosted web service: Alexa's requests are answered, anything else is turned away.

Requests are signed for real with a throw-away PKI (tests/alexa_certs.py) that the service is told
to trust; the only thing replaced is the download of the certificate chain, which returns that
PKI's PEM instead of going to s3.amazonaws.com.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

import webservice  # noqa: F401  (makes flask_ask_sdk importable before anything else uses it)
from simulator.envelopes import Device, envelope, intent_request, launch_request, skill_disabled_event, utc_timestamp
from tests.alexa_certs import CERT_URL, Chain, Pki, make_pki, sign_request
from webservice.app import create_app
from webservice.verifier import SignatureVerifier, TimestampVerifier

REPO = Path(__file__).resolve().parent.parent
MY_SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """Verification settings at their defaults; the skill's preferences in a scratch database."""
    monkeypatch.delenv("ASK_SDK_VERIFY_SIGNATURE", raising=False)
    monkeypatch.delenv("ASK_SDK_VERIFY_TIMESTAMP", raising=False)
    monkeypatch.delenv("PREFERENCES_TABLE", raising=False)
    monkeypatch.delenv("SKILL_ID", raising=False)
    monkeypatch.setenv("PREFERENCES_DB", str(tmp_path / "preferences.sqlite3"))


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def chain(pki) -> Chain:
    return pki.chain()


class Invocations(AbstractRequestInterceptor):
    """Counts the requests that reach the skill's handlers."""

    def __init__(self) -> None:
        self.count = 0

    def process(self, handler_input) -> None:
        self.count += 1


class CertificateServer:
    """Stands in for s3.amazonaws.com: serves one PEM chain and records what was asked for."""

    def __init__(self, pem: bytes) -> None:
        self.pem = pem
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.pem


def new_skill(skill_id: str | None = None):
    """A fresh copy of the Lambda's skill, so each test can watch its own invocations."""
    from cramp_helper.skill import build_skill

    return build_skill(skill_id=skill_id)


class Service:
    """The app under test, with a view of what reached the skill and what was downloaded."""

    def __init__(self, chain: Chain, trust, skill_id: str | None = None, **options) -> None:
        skill = new_skill(skill_id)
        self.invocations = Invocations()
        skill.request_dispatcher.request_interceptors.append(self.invocations)
        self.certificates = CertificateServer(chain.pem)
        options.setdefault("trust_roots", [trust.root.cert])
        options.setdefault("fetch", self.certificates)
        self.app = create_app(skill, **options)
        self.client = self.app.test_client()

    def post(self, body: bytes, headers: dict[str, str]):
        return self.client.post("/", data=body, headers=headers)


@pytest.fixture
def service(pki, chain) -> Service:
    return Service(chain, pki)


def launch_body(device: Device | None = None) -> bytes:
    return json.dumps(envelope(launch_request(), device or Device())).encode("utf-8")


def speech_of(response) -> str:
    speech = response.get_json()["response"]["outputSpeech"]
    return speech.get("ssml") or speech.get("text") or ""


def assert_rejected(service: Service, response, status: int = 400, reason: str = "") -> None:
    """Turned away with a short reason (containing `reason`), and the skill never saw it."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert reason.lower() in response.get_json()["error"].lower()
    assert service.invocations.count == 0


# --- genuine requests -------------------------------------------------------------------------


def test_a_request_signed_by_alexa_gets_the_skills_answer(service, chain):
    body = launch_body()
    response = service.post(body, sign_request(body, chain))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert speech_of(response)
    assert service.invocations.count == 1


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/%65cho.api/echo-api-cert-12.pem",
    ],
)
def test_certificate_urls_amazon_calls_valid_are_accepted_and_fetched_normalised(service, chain, url):
    body = launch_body()
    response = service.post(body, sign_request(body, chain, cert_url=url))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert service.certificates.urls == [CERT_URL]


# --- forged or tampered requests --------------------------------------------------------------


def test_a_body_changed_after_signing_is_rejected(service, chain):
    headers = sign_request(launch_body(), chain)
    tampered = launch_body(Device(user_id="amzn1.ask.account.SOMEONE-ELSE"))
    assert_rejected(service, service.post(tampered, headers), reason="signature does not match")


def test_a_signature_made_with_another_key_is_rejected(service, pki, chain):
    body = launch_body()
    headers = sign_request(body, chain)
    headers["Signature-256"] = sign_request(body, pki.chain())["Signature-256"]
    assert_rejected(service, service.post(body, headers), reason="signature does not match")


def test_a_signature_that_is_not_base64_is_rejected(service, chain):
    body = launch_body()
    headers = {**sign_request(body, chain), "Signature-256": "not base64!"}
    assert_rejected(service, service.post(body, headers), reason="base64")


def test_only_the_old_sha1_signature_header_is_not_enough(service, chain):
    body = launch_body()
    sha1 = chain.leaf.key.sign(body, padding.PKCS1v15(), hashes.SHA1())
    headers = sign_request(body, chain)
    del headers["Signature-256"]
    headers["Signature"] = base64.b64encode(sha1).decode("ascii")
    assert_rejected(service, service.post(body, headers), reason="missing Signature-256")


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_a_request_missing_a_signature_header_is_rejected(service, chain, missing):
    body = launch_body()
    headers = sign_request(body, chain)
    del headers[missing]
    assert_rejected(service, service.post(body, headers), reason=f"missing {missing}")


@pytest.mark.parametrize(
    "spoil, reason",
    [
        ("expired", "expired"),
        ("not yet valid", "not yet valid"),
        ("other name", "not issued to echo-api.amazon.com"),
        ("no signing usage", "signatures"),
    ],
)
def test_a_bad_signing_certificate_is_rejected(pki, spoil, reason):
    now = datetime.now(UTC)
    leaf_options = {
        "expired": {"not_before": now - timedelta(days=30), "not_after": now - timedelta(minutes=1)},
        "not yet valid": {"not_before": now + timedelta(hours=1)},
        "other name": {"dns_names": ["echo-api.amazon.com.evil.example", "example.com"]},
        "no signing usage": {"digital_signature": False},
    }[spoil]
    bad_chain = pki.chain(**leaf_options)
    service = Service(bad_chain, pki)
    body = launch_body()
    assert_rejected(service, service.post(body, sign_request(body, bad_chain)), reason=reason)


def test_a_chain_from_an_untrusted_root_is_rejected(pki):
    stranger = make_pki().chain()  # right name, in date, but not issued under a trusted root
    service = Service(stranger, pki)
    body = launch_body()
    assert_rejected(service, service.post(body, sign_request(body, stranger)), reason="not trusted")


def test_a_leaf_without_its_intermediate_is_rejected(pki, chain):
    incomplete = Chain(chain.leaf, [])
    service = Service(incomplete, pki)
    body = launch_body()
    response = service.post(body, sign_request(body, incomplete))
    assert_rejected(service, response, reason="not trusted")


def test_a_certificate_url_that_cannot_be_fetched_is_rejected(pki, chain):
    def unreachable(url: str) -> bytes:
        raise OSError("connection refused")

    service = Service(chain, pki, fetch=unreachable)
    body = launch_body()
    response = service.post(body, sign_request(body, chain))
    assert_rejected(service, response, reason="could not fetch")


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
        "https://notamazon.com/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../../echo.api.evil/cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil/echo-api-cert-12.pem",  # clients decode %2e
        "https://s3.amazonaws.com/echo.api/..%2F..%2Fevil/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api%2F..%2Fevil/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-12.pem",
    ],
)
def test_a_certificate_url_outside_amazons_echo_api_is_rejected_without_fetching(service, chain, url):
    body = launch_body()
    assert_rejected(service, service.post(body, sign_request(body, chain, cert_url=url)), reason="certificate URL")
    assert service.certificates.urls == []


@pytest.mark.parametrize("age", [timedelta(seconds=151), timedelta(minutes=-5)])
def test_a_request_outside_the_150_second_window_is_rejected(service, chain, age):
    body = launch_body(Device(now=datetime.now(UTC) - age))
    assert_rejected(service, service.post(body, sign_request(body, chain)), reason="timestamp")


def test_a_request_a_few_seconds_old_is_accepted(service, chain):
    body = launch_body(Device(now=datetime.now(UTC) - timedelta(seconds=120)))
    assert service.post(body, sign_request(body, chain)).status_code == 200


def test_a_skill_disabled_event_delivered_within_the_hour_is_accepted(service, chain):
    sent = Device(now=datetime.now(UTC) - timedelta(minutes=50))
    body = json.dumps(envelope(skill_disabled_event(), sent)).encode()
    assert service.post(body, sign_request(body, chain)).status_code == 200
    assert service.invocations.count == 1


def test_a_skill_event_older_than_an_hour_is_rejected(service, chain):
    sent = Device(now=datetime.now(UTC) - timedelta(minutes=61))
    body = json.dumps(envelope(skill_disabled_event(), sent)).encode()
    assert_rejected(service, service.post(body, sign_request(body, chain)), reason="timestamp")


# --- requests that are not for this skill, or not Alexa requests at all ----------------------


def test_a_genuine_request_for_another_skill_is_refused(pki, chain):
    service = Service(chain, pki, skill_id=MY_SKILL_ID)
    body = launch_body(Device(skill_id="amzn1.ask.skill.someone-elses"))
    assert_rejected(service, service.post(body, sign_request(body, chain)), status=403, reason="different skill")


def test_a_request_for_the_configured_skill_id_is_answered(pki, chain):
    service = Service(chain, pki, skill_id=MY_SKILL_ID)
    body = launch_body(Device(skill_id=MY_SKILL_ID))
    response = service.post(body, sign_request(body, chain))
    assert response.status_code == 200 and speech_of(response)


@pytest.mark.parametrize("body", [b'{"version": "1.0", "request": ', b"[1, 2]", b"\xff\xfe{}"])
def test_a_body_that_is_not_a_json_object_is_rejected(service, chain, body):
    assert_rejected(service, service.post(body, sign_request(body, chain)), reason="JSON")


def test_a_signed_request_without_a_context_is_rejected(service, chain):
    request = {**launch_request(), "requestId": "amzn1.echo-api.request.1", "timestamp": utc_timestamp()}
    body = json.dumps({"version": "1.0", "request": request}).encode()
    assert_rejected(service, service.post(body, sign_request(body, chain)), reason="applicationId")


def test_an_oversized_body_is_refused_before_anything_else(service, chain):
    request = envelope(launch_request(), Device())
    request["padding"] = "x" * 200_000
    body = json.dumps(request).encode()
    response = service.post(body, sign_request(body, chain))
    assert_rejected(service, response, status=413)
    assert service.certificates.urls == []


def test_an_oversized_chunked_body_is_refused_too(service, chain):
    """No Content-Length to refuse up front (gunicorn and the dev server pass chunked bodies on)."""
    request = envelope(launch_request(), Device())
    request["padding"] = " " * 200_000
    body = json.dumps(request).encode()
    response = service.client.post(
        "/",
        input_stream=io.BytesIO(body),
        headers={**sign_request(body, chain), "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_rejected(service, response, status=413, reason="too large")
    assert service.certificates.urls == []


def test_skill_id_comes_from_the_environment_like_the_lambdas(monkeypatch, caplog, pki, chain):
    monkeypatch.setenv("SKILL_ID", MY_SKILL_ID)
    caplog.set_level(logging.WARNING, logger="webservice")
    client = create_app(trust_roots=[pki.root.cert], fetch=CertificateServer(chain.pem)).test_client()
    assert "SKILL_ID IS NOT SET" not in caplog.text
    other = launch_body(Device(skill_id="amzn1.ask.skill.someone-elses"))
    refused = client.post("/", data=other, headers=sign_request(other, chain))
    assert refused.status_code == 403 and "different skill" in refused.get_json()["error"]
    mine = launch_body(Device(skill_id=MY_SKILL_ID))
    answered = client.post("/", data=mine, headers=sign_request(mine, chain))
    assert answered.status_code == 200 and speech_of(answered)


def test_a_service_without_a_skill_id_says_so_at_start_up(caplog, pki):
    caplog.set_level(logging.WARNING, logger="webservice")
    create_app(new_skill(), trust_roots=[pki.root.cert])
    assert "SKILL_ID IS NOT SET" in caplog.text


def test_get_is_not_allowed(service):
    response = service.client.get("/")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


# --- certificate cache ------------------------------------------------------------------------


def test_the_certificate_chain_is_fetched_once_for_many_requests(service, chain):
    for spelling in (CERT_URL, CERT_URL.replace("s3.", "S3."), CERT_URL):
        body = launch_body()
        assert service.post(body, sign_request(body, chain, cert_url=spelling)).status_code == 200
    assert service.certificates.urls == [CERT_URL]


def test_the_certificate_cache_is_bounded(service, chain):
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(9)]
    for url in urls + urls[:1]:
        body = launch_body()
        assert service.post(body, sign_request(body, chain, cert_url=url)).status_code == 200
    assert service.certificates.urls == urls + urls[:1]  # the ninth pushed out the first


def test_a_cached_certificate_is_not_trusted_past_its_expiry(pki):
    now = [datetime.now(UTC)]
    short_lived = pki.chain(not_after=now[0] + timedelta(hours=1))
    certificates = CertificateServer(short_lived.pem)
    client = create_app(
        new_skill(),
        verifiers=[
            SignatureVerifier([pki.root.cert], fetch=certificates, clock=lambda: now[0]),
            TimestampVerifier(clock=lambda: now[0]),
        ],
    ).test_client()

    body = launch_body(Device(now=now[0]))
    assert client.post("/", data=body, headers=sign_request(body, short_lived)).status_code == 200
    now[0] += timedelta(hours=2)
    body = launch_body(Device(now=now[0]))
    response = client.post("/", data=body, headers=sign_request(body, short_lived))
    assert response.status_code == 400
    assert len(certificates.urls) == 2  # the expired entry was dropped and the chain fetched again


# --- switching verification off -----------------------------------------------------------------


def test_verification_is_on_by_default_even_with_the_real_trust_store(caplog):
    caplog.set_level(logging.WARNING, logger="webservice")
    client = create_app(new_skill()).test_client()
    assert client.post("/", data=launch_body(), content_type="application/json").status_code == 400
    assert "VERIFICATION IS OFF" not in caplog.text


def test_verification_switched_off_by_environment_accepts_plain_requests_and_warns(monkeypatch, caplog):
    monkeypatch.setenv("ASK_SDK_VERIFY_SIGNATURE", "false")
    monkeypatch.setenv("ASK_SDK_VERIFY_TIMESTAMP", "0")
    caplog.set_level(logging.WARNING, logger="webservice")
    client = create_app(new_skill()).test_client()
    assert "SIGNATURE VERIFICATION IS OFF" in caplog.text
    assert "TIMESTAMP VERIFICATION IS OFF" in caplog.text
    old = launch_body(Device(now=datetime.now(UTC) - timedelta(hours=1)))
    response = client.post("/", data=old, content_type="application/json")
    assert response.status_code == 200 and speech_of(response)


def test_switching_off_only_the_timestamp_check_still_requires_a_signature(monkeypatch, caplog, pki, chain):
    monkeypatch.setenv("ASK_SDK_VERIFY_TIMESTAMP", "off")
    caplog.set_level(logging.WARNING, logger="webservice")
    service = Service(chain, pki)
    old = launch_body(Device(now=datetime.now(UTC) - timedelta(hours=1)))
    assert_rejected(service, service.post(old, {"Content-Type": "application/json"}), reason="missing")
    assert service.post(old, sign_request(old, chain)).status_code == 200
    assert "TIMESTAMP VERIFICATION IS OFF" in caplog.text
    assert "SIGNATURE VERIFICATION IS OFF" not in caplog.text


def test_an_unreadable_verification_setting_stops_start_up(monkeypatch):
    monkeypatch.setenv("ASK_SDK_VERIFY_SIGNATURE", "flase")
    with pytest.raises(ValueError, match="ASK_SDK_VERIFY_SIGNATURE"):
        create_app(new_skill())


def test_the_sdks_own_certvalidator_verifier_never_passes_a_chain_unchecked(chain):
    from ask_sdk_webservice_support.verifier import RequestVerifier, VerificationException

    with pytest.raises((VerificationException, RuntimeError)):
        RequestVerifier()._validate_cert_chain(chain.pem)


# --- the real server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVERS = {
    "make serve": [sys.executable, "-m", "webservice"],  # what `make serve` runs
    "gunicorn": [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "webservice/gunicorn.conf.py",
        "webservice.app:create_app()",
    ],  # the production command in the README (binds $PORT)
}


@pytest.mark.parametrize("server_name", sorted(SERVERS))
def test_the_service_answers_on_loopback(tmp_path, server_name):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PREFERENCES_DB": str(tmp_path / "prefs.sqlite3"),
        "ASK_SDK_VERIFY_SIGNATURE": "false",
        "ASK_SDK_VERIFY_TIMESTAMP": "false",
        "HOME": str(tmp_path),
    }  # gunicorn puts its control socket under $HOME
    env.pop("PYTHONPATH", None)  # the service must find the skill on its own
    command = [part.format(port=port) for part in SERVERS[server_name]]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        response = None
        deadline = time.monotonic() + 30
        while response is None and time.monotonic() < deadline and server.poll() is None:
            try:
                response = requests.post(
                    url, data=launch_body(), headers={"Content-Type": "application/json"}, timeout=5
                )
            except requests.ConnectionError:
                time.sleep(0.2)
        assert response is not None, "server did not come up"
        assert response.status_code == 200, response.text
        assert response.json()["response"]["outputSpeech"]
        answered = requests.post(url, data=_body(intent_request("RemedyIntent"), {}), timeout=5).json()
        for _ in range(6):  # separate connections, so any of gunicorn's workers may hear "repeat"
            body = _body(intent_request("AMAZON.RepeatIntent"), answered["sessionAttributes"])
            again = requests.post(url, data=body, headers={"Connection": "close"}, timeout=5).json()
            assert again["response"]["outputSpeech"] == answered["response"]["outputSpeech"]
        chunks = (b" " * 8192 for _ in range(25))  # 200 KiB, sent chunked: no Content-Length
        too_big = requests.post(url, data=chunks, headers={"Content-Type": "application/json"}, timeout=10)
        assert too_big.status_code == 413, too_big.text
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "SIGNATURE VERIFICATION IS OFF" in output
    assert "TIMESTAMP VERIFICATION IS OFF" in output


def _body(request: dict, attributes: dict) -> bytes:
    return json.dumps(envelope(request, Device(), session_id="s", new=not attributes, attributes=attributes)).encode()


def test_gunicorn_gives_all_its_workers_one_key_for_the_seal_on_words_kept_for_repeat(tmp_path):
    """Set in the master before the workers fork, unless the host gives one to keep across restarts."""
    show = "import os, runpy; runpy.run_path('webservice/gunicorn.conf.py'); print(os.environ['SESSION_SEAL_KEY'])"
    env = {name: value for name, value in os.environ.items() if name != "SESSION_SEAL_KEY"}
    drawn = subprocess.run([sys.executable, "-c", show], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert re.fullmatch(r"[0-9a-f]{64}", drawn.stdout.strip())
    env["SESSION_SEAL_KEY"] = "the host's own key"
    given = subprocess.run([sys.executable, "-c", show], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert given.stdout.strip() == "the host's own key"


def test_a_rejected_request_is_one_short_log_line_that_quotes_nothing_it_sent(service, caplog):
    """A body the SDK cannot read, sent unsigned, 100 KB with a line break meant to forge a log line."""
    forged = "\nINFO granted admin to attacker"
    body = json.dumps({"version": "1.0", "request": {"type": "IntentRequest" + forged + "x" * 100_000}}).encode()
    with caplog.at_level(logging.DEBUG):
        answer = service.post(body, {"Content-Type": "application/json"})
    assert 400 <= answer.status_code < 500
    ours = [record for record in caplog.records if record.name.startswith(("webservice", "cramp_helper"))]
    assert len(ours) == 1 and ours[0].exc_info is None
    line = ours[0].getMessage()
    assert len(line) < 200 and "attacker" not in line and "\n" not in line and "xxxx" not in line
