"""A throw-away PKI that signs requests the way Alexa does, so tests need neither network nor mocks.

`make_pki()` builds a root CA -> intermediate -> leaf chain whose leaf carries the
`echo-api.amazon.com` name; `sign_request()` produces the `Signature-256` header Alexa would send.
The verifier under test then trusts only this root, so every check it makes runs for real.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ALEXA_DNS_NAME = "echo-api.amazon.com"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"


@dataclass
class Authority:
    """A certificate and the key that signs with it."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass
class Chain:
    """What Alexa's certificate URL serves (leaf first, then intermediates) plus the leaf's key."""

    leaf: Authority
    intermediates: list[x509.Certificate] = field(default_factory=list)

    @property
    def pem(self) -> bytes:
        certs = [self.leaf.cert, *self.intermediates]
        return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_root(common_name: str = "Test Root CA") -> Authority:
    """A self-signed root, shaped like a public web PKI root."""
    key = _key()
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(cert, key)


def make_intermediate(issuer: Authority, common_name: str = "Test Intermediate CA") -> Authority:
    key = _key()
    now = datetime.now(UTC)
    cert = (
        _issued_by(issuer, key, common_name)
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    return Authority(cert, key)


def make_leaf(
    issuer: Authority,
    dns_names: list[str] | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    digital_signature: bool = True,
) -> Authority:
    """A signing certificate like Alexa's; the arguments spoil it in the ways the tests need."""
    key = _key()
    now = datetime.now(UTC)
    names = [x509.DNSName(name) for name in (dns_names or [ALEXA_DNS_NAME])]
    cert = (
        _issued_by(issuer, key, names[0].value)
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=digital_signature,
                key_encipherment=True,
                content_commitment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    return Authority(cert, key)


def _issued_by(issuer: Authority, key: rsa.RSAPrivateKey, common_name: str) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    )


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Pki:
    """A trusted root and an intermediate that issues leaves for the tests."""

    root: Authority
    intermediate: Authority

    def chain(self, **leaf_options) -> Chain:
        """A chain as Alexa serves it, with a fresh leaf (see `make_leaf` for the options)."""
        return Chain(make_leaf(self.intermediate, **leaf_options), [self.intermediate.cert])


def make_pki() -> Pki:
    root = make_root()
    return Pki(root, make_intermediate(root))


def sign_request(body: bytes, chain: Chain, cert_url: str = CERT_URL) -> dict[str, str]:
    """The headers Alexa adds to a request: certificate URL and base64 RSA/SHA-256 signature."""
    signature = chain.leaf.key.sign(body, padding.PKCS1v15(), hashes.SHA256())
    return {
        "SignatureCertChainUrl": cert_url,
        "Signature-256": base64.b64encode(signature).decode("ascii"),
        "Content-Type": "application/json",
    }
