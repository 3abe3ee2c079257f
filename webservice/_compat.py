"""Make flask-ask-sdk importable on machines where its certificate library cannot load.

`ask_sdk_webservice_support.verifier` imports `certvalidator`, which imports oscrypto; oscrypto
1.3.0 cannot parse OpenSSL version strings such as "3.0.19" and raises LibraryNotFoundError at
import time, taking `import flask_ask_sdk` down with it. This service never uses the SDK's
certvalidator-based RequestVerifier (webservice.verifier checks the chain with `cryptography`), so
when - and only when - that specific error occurs we register a stand-in `certvalidator` whose
validator refuses to run. Nothing is skipped: if anything ever reaches the SDK's old verifier it
fails loudly instead of passing requests unchecked.
"""

from __future__ import annotations

import sys
import types


class LegacyCertValidatorUnavailable(RuntimeError):
    """Raised if something tries to use the SDK's certvalidator-based chain check."""


def make_flask_ask_sdk_importable() -> None:
    """Import certvalidator, or stand in for it if oscrypto cannot detect libcrypto."""
    if "certvalidator" in sys.modules:
        return
    missing_libcrypto: tuple[type[Exception], ...]
    try:
        from oscrypto.errors import LibraryNotFoundError

        missing_libcrypto = (LibraryNotFoundError,)
    except ImportError:  # no oscrypto: certvalidator's own import error will say so below
        missing_libcrypto = ()
    try:
        import certvalidator  # noqa: F401
    except missing_libcrypto as error:  # only this known failure; anything else propagates
        _install_placeholder(error)


def _install_placeholder(cause: Exception) -> None:
    reason = (
        f"certvalidator cannot load on this machine ({cause}); the web service checks Alexa "
        "certificate chains with webservice.verifier.SignatureVerifier instead"
    )

    class CertificateValidator:  # the name the SDK imports
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise LegacyCertValidatorUnavailable(reason)

    errors = types.ModuleType("certvalidator.errors", "Stand-in for certvalidator.errors.")
    vars(errors).update(
        PathError=type("PathError", (Exception,), {}), ValidationError=type("ValidationError", (Exception,), {})
    )
    package = types.ModuleType("certvalidator", "Stand-in: " + reason)
    vars(package).update(CertificateValidator=CertificateValidator, errors=errors, PLACEHOLDER=True)
    sys.modules["certvalidator"] = package
    sys.modules["certvalidator.errors"] = errors
