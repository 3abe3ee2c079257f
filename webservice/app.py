"""The Flask app: flask-ask-sdk's SkillAdapter around the Lambda's skill, with Alexa's checks on.

Run locally with `python -m webservice`; host for real with a WSGI server behind TLS, e.g.

    gunicorn -c webservice/gunicorn.conf.py 'webservice.app:create_app()'

and a reverse proxy (or load balancer) terminating HTTPS on 443 in front of it.

Signature and timestamp verification are on unless flask-ask-sdk's own settings turn them off:
app config / environment variables ASK_SDK_VERIFY_SIGNATURE and ASK_SDK_VERIFY_TIMESTAMP
("false", "0", "no", "off"). Turning either off is for local testing only and is logged as a
WARNING at start-up. Any failed check answers 400 (403 for another skill's request) and the skill
is not invoked.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from . import _compat

_compat.make_flask_ask_sdk_importable()

from ask_sdk_core.exceptions import AskSdkException, SerializationException  # noqa: E402
from ask_sdk_core.skill import CustomSkill  # noqa: E402
from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException  # noqa: E402
from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402
from cryptography import x509  # noqa: E402
from flask import Flask, Response, current_app, jsonify, request  # noqa: E402
from flask_ask_sdk.skill_adapter import VERIFY_SIGNATURE_APP_CONFIG, VERIFY_TIMESTAMP_APP_CONFIG, SkillAdapter  # noqa: E402
from werkzeug.exceptions import HTTPException  # noqa: E402

from .certchain import Fetch  # noqa: E402
from .verifier import SignatureVerifier, SkillIdVerifier, TimestampVerifier, WrongSkillException  # noqa: E402

logger = logging.getLogger("webservice")

MAX_BODY_BYTES = 128 * 1024  # Alexa requests are a few KiB; anything near this is not Alexa
MAX_NESTING = 64  # Alexa's envelopes nest about ten deep; far deeper only breaks the SDK's recursive reader
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_flag(name: str, default: bool = True) -> bool:
    """A boolean from the environment; an unrecognised value stops start-up rather than guess."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise ValueError(f"{name}={os.environ[name]!r}: use true/false, 1/0, yes/no or on/off")


class VerifyingSkillAdapter(SkillAdapter):
    """SkillAdapter whose verifiers are exactly the ones given, with precise HTTP errors.

    flask-ask-sdk 1.0.0 would add the SDK's certvalidator-based verifiers when its config flags
    are on and would answer every skill-side failure with 500; here verification is decided by
    create_app and bad requests get 400/403 with a reason."""

    def _create_webservice_handler(self, skill: CustomSkill, verifiers: list[AbstractVerifier]) -> None:
        self._webservice_handler = WebserviceSkillHandler(
            skill=skill, verify_signature=False, verify_timestamp=False, verifiers=verifiers
        )
        if "flask-ask-sdk" not in (skill.custom_user_agent or ""):
            self._webservice_handler._add_custom_user_agent("flask-ask-sdk")

    def dispatch_request(self) -> Response:
        body = request.get_data(cache=False)  # raw bytes, as signed; 413 past MAX_CONTENT_LENGTH
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit is not None and len(body) >= limit:
            # A chunked body has no Content-Length to refuse up front: werkzeug (under gunicorn or
            # the dev server) silently stops reading at the limit, so a full read means too large.
            return _error(413, "request body is too large")
        try:
            text = body.decode("utf-8")
            parsed = json.loads(text)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
            return _error(400, "request body is not valid UTF-8 JSON")
        except RecursionError:  # 10 KB of '[' is enough to exhaust the parser's stack
            return _error(400, "request body is nested too deeply")
        if not isinstance(parsed, dict):
            return _error(400, "request body must be a JSON object")
        if nesting_depth(parsed) > MAX_NESTING:
            return _error(400, "request body is nested too deeply")
        try:
            # The SDK annotates a dict but only hands the headers to our verifiers, whose header()
            # reads werkzeug's Headers as they are (case-insensitively, as HTTP requires).
            answer = self._webservice_handler.verify_request_and_dispatch(
                http_request_headers=cast("dict[str, Any]", request.headers), http_request_body=text
            )
        except WrongSkillException as error:  # one line a rejection, nothing the client sent in it
            logger.warning("Rejected request: made for another skill")
            return _error(403, str(error))
        except VerificationException as error:
            logger.warning("Rejected request: failed verification (%s)", type(error).__name__)
            return _error(400, str(error))
        except SerializationException:
            logger.warning("Rejected request: not an Alexa request envelope")
            return _error(400, "request is not an Alexa request envelope")
        except AskSdkException:
            logger.exception("Skill dispatch failed")
            return _error(500, "the skill could not handle the request")
        return jsonify(answer)


def nesting_depth(value: Any) -> int:
    """How deep JSON arrays and objects nest (counted without recursion, so any depth can be measured)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest


def create_app(
    skill: CustomSkill | None = None,
    verifiers: Sequence[AbstractVerifier] | None = None,
    *,
    trust_roots: Iterable[x509.Certificate] | None = None,
    fetch: Fetch | None = None,
    config: Mapping[str, Any] | None = None,
) -> Flask:
    """The web service app answering Alexa at POST /.

    skill: defaults to the Lambda's `cramp_helper.skill.get_skill()`.
    verifiers: replace the built-in signature/timestamp verifiers (None: built from the config).
    trust_roots / fetch: trust store (default certifi's roots) and certificate-chain download
        (default HTTPS) for the built-in signature verifier.
    config: Flask config overrides; ASK_SDK_VERIFY_* default to the environment, then True.
    The request's skill id is always checked against the skill's own id, after verification."""
    if skill is None:
        skill = _default_skill()
    app = Flask(__name__)
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = env_flag(VERIFY_SIGNATURE_APP_CONFIG)
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = env_flag(VERIFY_TIMESTAMP_APP_CONFIG)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config.update(config or {})

    if verifiers is None:
        verifiers = []
        if app.config[VERIFY_SIGNATURE_APP_CONFIG]:
            verifiers.append(SignatureVerifier(trust_roots=trust_roots, fetch=fetch))
        if app.config[VERIFY_TIMESTAMP_APP_CONFIG]:
            verifiers.append(TimestampVerifier())
    checks = [*verifiers, SkillIdVerifier(skill.skill_id)]
    _warn_if_unprotected(checks, skill.skill_id)

    adapter = VerifyingSkillAdapter(skill=skill, skill_id=skill.skill_id or "cramp-helper", verifiers=checks, app=app)
    adapter.register(app=app, route="/")
    app.register_error_handler(HTTPException, _http_error)
    return app


def _warn_if_unprotected(checks: Sequence[AbstractVerifier], skill_id: str | None) -> None:
    """Shout when the running service would accept requests that did not come from Alexa, or
    genuine Alexa requests made for somebody else's skill."""
    if not any(isinstance(check, SignatureVerifier) for check in checks):
        logger.warning(
            "ALEXA REQUEST SIGNATURE VERIFICATION IS OFF: anyone can call this skill. "
            "Use only for local testing, never on a public endpoint."
        )
    if not any(isinstance(check, TimestampVerifier) for check in checks):
        logger.warning(
            "ALEXA REQUEST TIMESTAMP VERIFICATION IS OFF: old requests can be replayed. "
            "Use only for local testing, never on a public endpoint."
        )
    if not skill_id:
        logger.warning(
            "SKILL_ID IS NOT SET: requests made for ANY Alexa skill are answered. "
            "Set SKILL_ID to this skill's id (amzn1.ask.skill...) on a public endpoint."
        )


def _default_skill() -> CustomSkill:
    from cramp_helper.skill import get_skill

    return get_skill()


def _http_error(error: HTTPException) -> Response:
    """Flask's own errors (405, 413, ...) as the same short JSON as ours."""
    response = _error(error.code, error.description)
    allowed = getattr(error, "valid_methods", None)
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def _error(status: int | None, reason: str | None) -> Response:
    response = jsonify(error=reason or "error")
    response.status_code = status or 500
    return response
