"""The checks every request passes before the skill sees it, as flask-ask-sdk verifiers.

Each class is an `ask_sdk_webservice_support` AbstractVerifier: `verify()` returns quietly or raises
VerificationException, which the app turns into HTTP 400 (403 for another skill's request).
They replace the SDK's own RequestVerifier/TimestampVerifier: same rules, but the certificate
chain is validated with `cryptography` (the SDK's certvalidator path cannot load here, see
webservice._compat) and the clock and certificate source can be injected for tests.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ask_sdk_model import RequestEnvelope
from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException
from ask_sdk_webservice_support.verifier_constants import ALEXA_SKILL_EVENT_LIST
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .certchain import ChainValidator, Clock, Fetch, utc_now

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"  # the SHA-1 "Signature" header is deliberately not accepted
TIMESTAMP_TOLERANCE_SECONDS = 150
SKILL_EVENT_TOLERANCE_SECONDS = 3600  # Alexa may deliver skill events (SkillDisabled) up to 1 h late


class WrongSkillException(VerificationException):
    """The request is genuine but addressed to a different skill."""


def header(headers: Any, name: str) -> str | None:
    """Case-insensitive header lookup that works for dicts and werkzeug Headers alike."""
    items = headers.items() if hasattr(headers, "items") else headers
    for key, value in items:
        if key.lower() == name.lower():
            return value
    return None


class SignatureVerifier(AbstractVerifier):
    """The body was signed (RSA, SHA-256) by Alexa's certificate, fetched from Amazon's URL."""

    def __init__(
        self,
        trust_roots: Iterable[x509.Certificate] | None = None,
        fetch: Fetch | None = None,
        cache_size: int = 8,
        clock: Clock | None = None,
    ) -> None:
        self.chains = ChainValidator(trust_roots, fetch, cache_size, clock)

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: RequestEnvelope
    ) -> None:
        cert_url = header(headers, CERT_URL_HEADER)
        signature_b64 = header(headers, SIGNATURE_HEADER)
        if not cert_url:
            raise VerificationException(f"missing {CERT_URL_HEADER} header")
        if not signature_b64:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationException(f"{SIGNATURE_HEADER} is not base64") from None
        public_key = self.chains.leaf_for(cert_url).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationException("signing certificate does not hold an RSA key")
        try:
            public_key.verify(signature, serialized_request_env.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationException("request signature does not match the body") from None


class TimestampVerifier(AbstractVerifier):
    """The request was made within the last 150 s (Amazon's replay window); skill events such as
    AlexaSkillEvent.SkillDisabled within the hour, as Amazon documents and the SDK allows."""

    def __init__(self, tolerance_seconds: float = TIMESTAMP_TOLERANCE_SECONDS, clock: Clock | None = None) -> None:
        if not 0 <= tolerance_seconds <= TIMESTAMP_TOLERANCE_SECONDS:
            raise ValueError(f"tolerance must be 0..{TIMESTAMP_TOLERANCE_SECONDS} seconds")
        self.tolerance_seconds = tolerance_seconds
        self._clock = clock or utc_now

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: RequestEnvelope
    ) -> None:
        request = deserialized_request_env.request
        stamp: datetime | None = getattr(request, "timestamp", None)
        if stamp is None or stamp.tzinfo is None:
            raise VerificationException("request has no timestamp with a time zone")
        tolerance = self.tolerance_seconds
        if getattr(request, "object_type", None) in ALEXA_SKILL_EVENT_LIST:
            tolerance = max(tolerance, SKILL_EVENT_TOLERANCE_SECONDS)
        if abs((self._clock() - stamp).total_seconds()) > tolerance:
            raise VerificationException("request timestamp is too old or in the future")


class SkillIdVerifier(AbstractVerifier):
    """The request names an application, and it is this skill's (when the skill has an id).

    The SDK makes the same check inside skill.invoke, but as a generic error the adapter can
    only report as HTTP 500; checking here answers 403 instead."""

    def __init__(self, skill_id: str | None) -> None:
        self.skill_id = skill_id

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: RequestEnvelope
    ) -> None:
        system = getattr(deserialized_request_env.context, "system", None)
        application = getattr(system, "application", None)
        application_id = getattr(application, "application_id", None)
        if not application_id:
            raise VerificationException("request has no context.System.application.applicationId")
        if self.skill_id and application_id != self.skill_id:
            raise WrongSkillException("request is for a different skill")
