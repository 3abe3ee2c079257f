"""The built package's trust store: certifi's roots as an OpenSSL hashed directory (`lambda/ca_directory.py`, a
build step with `openssl rehash`), which the skill's Alexa API client reads one root at a time instead of loading
all of them."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import ca_directory
import certifi
import pytest
from ask_sdk_model.services import ServiceException
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cramp_helper.api_client import TimeoutApiClient
from tests.fixtures_alexa_api import service_client_factory

DEVICE = "amzn1.ask.device.TESTDEVICE"
OPENSSL = shutil.which("openssl")


def openssl_hash(pem_file: Path) -> str:
    assert OPENSSL, "the openssl command line tool (Debian package openssl) checks the names"
    return subprocess.run(
        [OPENSSL, "x509", "-noout", "-hash", "-in", str(pem_file)], capture_output=True, text=True, check=True
    ).stdout.strip()


def self_signed(name: x509.Name, folder: Path, file_name: str) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = folder / file_name
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def test_every_certifi_root_is_filed_under_the_name_openssl_looks_for(tmp_path):
    written = ca_directory.write_directory(certifi.where(), str(tmp_path))
    roots = sorted(tmp_path.glob("root-*.pem"))
    assert written == len(roots) == Path(certifi.where()).read_text().count("BEGIN CERTIFICATE") > 100
    named = {path.resolve() for path in tmp_path.iterdir() if not path.name.startswith("root-")}
    assert named == {path.resolve() for path in roots}
    assert all(path.name.rsplit(".", 1)[0] == openssl_hash(path) for path in tmp_path.iterdir() if path.is_symlink())


def test_two_roots_with_one_subject_are_both_kept(tmp_path):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Renewed Root")])
    bundle = tmp_path / "bundle.pem"
    bundle.write_text(
        self_signed(name, tmp_path, "old.pem").read_text() + self_signed(name, tmp_path, "new.pem").read_text()
    )
    ca_directory.write_directory(str(bundle), str(tmp_path / "directory"))
    stem = openssl_hash(tmp_path / "old.pem")
    names = sorted(path.name for path in (tmp_path / "directory").iterdir() if path.is_symlink())
    assert names == [f"{stem}.0", f"{stem}.1"]


def time_zone(stand_in, client: TimeoutApiClient) -> str:
    return service_client_factory(stand_in, api_client=client).get_ups_service().get_system_time_zone(DEVICE)


def test_the_skill_reaches_alexa_trusting_the_shipped_directory_and_nothing_else(alexa_api, monkeypatch, tmp_path):
    """As on Lambda: no REQUESTS_CA_BUNDLE, the package's directory the only trust. A directory of certifi's
    roots alone does not vouch for the stand-in (a private CA), so the same call is refused."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    public_only, with_stand_in = tmp_path / "public", tmp_path / "with-stand-in"
    for directory in (public_only, with_stand_in):
        ca_directory.write_directory(certifi.where(), str(directory))
    ca_directory.write_directory(alexa_api.ca_bundle, str(with_stand_in))

    assert time_zone(alexa_api, TimeoutApiClient(ca_directory=str(with_stand_in))) == "America/New_York"
    with pytest.raises(ServiceException):
        time_zone(alexa_api, TimeoutApiClient(ca_directory=str(public_only)))
    assert len(alexa_api.calls("GET", "/v2/devices/")) == 1  # the refused call never reached it
