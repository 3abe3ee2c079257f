"""Alexa's signing certificate: where it may come from, how it is fetched, checked and cached.

Implements the certificate half of Amazon's "verify that the request was sent by Alexa" rules
(https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-a-web-service.html) with
the `cryptography` package's own path builder, so the whole chain is validated against a trust
store exactly as a TLS client would validate echo-api.amazon.com.
"""

from __future__ import annotations

import posixpath
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

from ask_sdk_webservice_support.verifier import VerificationException
from cryptography import x509
from cryptography.x509.verification import DNSName, PolicyBuilder, Store

ALEXA_DNS_NAME = "echo-api.amazon.com"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
MAX_CHAIN_BYTES = 64 * 1024
FETCH_TIMEOUT_SECONDS = 5.0

Fetch = Callable[[str], bytes]
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def canonical_cert_url(url: str) -> str:
    """The URL to fetch, or VerificationException if Alexa could not have sent it.

    The path is percent-decoded before it is normalised, because HTTP clients and S3 decode
    `%2e%2e` into `..` (`/echo.api/%2e%2e/evil/` would otherwise pass, then fetch `/evil/`).
    Rebuilt from the checked parts only (no user info, query or fragment, path re-encoded), so
    what is fetched and cached is exactly what was validated."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationException(f"certificate URL is not a valid URL: {error}") from None
    if parts.scheme.lower() != "https":
        raise VerificationException("certificate URL must use https")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationException(f"certificate URL host must be {CERT_URL_HOST}")
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException(f"certificate URL path must start with {CERT_URL_PATH_PREFIX}")
    if port not in (None, 443):
        raise VerificationException("certificate URL port must be 443")
    return f"https://{CERT_URL_HOST}{quote(path)}"


def https_fetch(url: str) -> bytes:
    """Download a certificate chain (bounded in time and size)."""
    import requests  # imported here: only the real server needs it

    with requests.get(url, timeout=FETCH_TIMEOUT_SECONDS, stream=True, allow_redirects=False) as response:
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}")
        data = response.raw.read(MAX_CHAIN_BYTES + 1, decode_content=True)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain is too large")
    return data


def load_trust_roots(pem_path: str | None = None) -> list[x509.Certificate]:
    """Root certificates from a PEM bundle; by default certifi's (Mozilla's) bundle."""
    if pem_path is None:
        import certifi

        pem_path = certifi.where()
    with open(pem_path, "rb") as bundle, warnings.catch_warnings():
        # A few long-standing public roots have non-positive serials; cryptography warns, not fails.
        warnings.simplefilter("ignore")
        return x509.load_pem_x509_certificates(bundle.read())


@dataclass(frozen=True)
class _Entry:
    leaf: x509.Certificate
    expires: datetime


class ChainValidator:
    """Fetch, validate and cache signing certificates; `leaf_for(url)` is the one entry point."""

    def __init__(
        self,
        trust_roots: Iterable[x509.Certificate] | None = None,
        fetch: Fetch | None = None,
        cache_size: int = 8,
        clock: Clock | None = None,
    ) -> None:
        roots = list(trust_roots) if trust_roots is not None else load_trust_roots()
        if not roots:
            raise ValueError("the trust store is empty")
        self._store = Store(roots)
        self._fetch = fetch or https_fetch
        self._clock = clock or utc_now
        self._cache_size = cache_size
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def leaf_for(self, url: str) -> x509.Certificate:
        """The validated, in-date signing certificate named by a SignatureCertChainUrl header."""
        key = canonical_cert_url(url)
        now = self._clock()
        entry = self._cached(key, now)
        if entry is None:
            entry = self._fetch_and_validate(key, now)
            self._remember(key, entry)
        check_leaf(entry.leaf, now)
        return entry.leaf

    def _cached(self, key: str, now: datetime) -> _Entry | None:
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and now >= entry.expires:
                del self._cache[key]
                return None
            if entry is not None:
                self._cache.move_to_end(key)
            return entry

    def _remember(self, key: str, entry: _Entry) -> None:
        with self._lock:
            self._cache[key] = entry
            self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _fetch_and_validate(self, url: str, now: datetime) -> _Entry:
        try:
            pem = self._fetch(url)
        except Exception as error:  # any fetch failure simply means "not verified"
            raise VerificationException(f"could not fetch certificate chain: {error}") from None
        certs = parse_chain(pem)
        leaf, intermediates = certs[0], certs[1:]
        check_leaf(leaf, now)
        verifier = PolicyBuilder().store(self._store).time(now).build_server_verifier(DNSName(ALEXA_DNS_NAME))
        try:
            verifier.verify(leaf, intermediates)
        except x509.verification.VerificationError as error:
            raise VerificationException(f"certificate chain is not trusted: {error}") from None
        expires = min(cert.not_valid_after_utc for cert in certs)
        return _Entry(leaf, expires)


def parse_chain(pem: bytes) -> list[x509.Certificate]:
    """Leaf first, then intermediates, as Alexa's certificate URL serves them."""
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise VerificationException("certificate chain is not valid PEM") from None
    if not certs:
        raise VerificationException("certificate chain is empty")
    return certs


def check_leaf(leaf: x509.Certificate, now: datetime) -> None:
    """In date, names echo-api.amazon.com, and may sign (Amazon's per-certificate rules)."""
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise VerificationException("signing certificate is expired or not yet valid")
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        names = None
    if names is None or ALEXA_DNS_NAME not in names.get_values_for_type(x509.DNSName):
        raise VerificationException(f"signing certificate is not issued to {ALEXA_DNS_NAME}")
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.digital_signature:
        raise VerificationException("signing certificate may not be used for signatures")
