"""Amazon's Skill Management API (SMAPI) over HTTPS, with the ASK CLI's own credentials.

Driven directly rather than through `ask deploy`, which leaves `.ask/` behind and does not enable the skill
for testing. Credentials are the ASK CLI's (`make ask-configure` once writes ~/.ask/cli_config) or its
environment variables (ASK_ACCESS_TOKEN or ASK_REFRESH_TOKEN, ASK_VENDOR_ID); the endpoints follow the
CLI's overrides (ASK_SMAPI_SERVER_BASE_URL, ASK_LWA_TOKEN_HOST), which is how the tests reach a stand-in.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[1]
SMAPI_URL = "https://api.amazonalexa.com"
LWA_URL = "https://api.amazon.com"
TIMEOUT = (5, 30)
# The pinned ASK CLI knows which login-with-Amazon client its tokens were issued to.
ASK_CLI_CLIENT = (
    "const c = require('ask-cli/dist/lib/utils/dynamic-config');"
    "console.log(JSON.stringify({id: c.lwaClientId, confirmation: c.lwaClientConfirmation}))"
)


class SmapiError(RuntimeError):
    """A SMAPI or LWA call failed; the message carries Amazon's own explanation."""


@dataclass
class AskCredentials:
    vendor_id: str
    access_token: str | None
    refresh_token: str | None
    expires_at: float = 0.0

    @classmethod
    def load(cls, profile: str = "default") -> AskCredentials:
        if os.environ.get("ASK_ACCESS_TOKEN") or os.environ.get("ASK_REFRESH_TOKEN"):
            return cls(
                os.environ.get("ASK_VENDOR_ID", ""),
                os.environ.get("ASK_ACCESS_TOKEN"),
                os.environ.get("ASK_REFRESH_TOKEN"),
            )
        config = Path.home() / ".ask" / "cli_config"
        try:
            entry = json.loads(config.read_text(encoding="utf-8"))["profiles"][profile]
        except (OSError, KeyError, ValueError):
            raise SmapiError(
                f"No ASK CLI credentials (profile {profile!r} in {config}): run `make ask-configure` "
                "once, or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID"
            ) from None
        token = entry.get("token", {})
        expires = token.get("expires_at", "")
        try:
            expires_at = time.mktime(time.strptime(expires[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
        except ValueError:
            expires_at = 0.0
        return cls(entry.get("vendor_id", ""), token.get("access_token"), token.get("refresh_token"), expires_at)


def ask_cli_client() -> tuple[str, str]:
    """The LWA client id and confirmation the ASK CLI uses (ASK_LWA_CLIENT_ID / _CONFIRMATION override)."""
    if os.environ.get("ASK_LWA_CLIENT_ID") and os.environ.get("ASK_LWA_CLIENT_CONFIRMATION"):
        return os.environ["ASK_LWA_CLIENT_ID"], os.environ["ASK_LWA_CLIENT_CONFIRMATION"]
    completed = subprocess.run(["node", "-e", ASK_CLI_CLIENT], cwd=REPO, capture_output=True, text=True, timeout=60)
    if completed.returncode != 0:
        raise SmapiError("The pinned ASK CLI is not installed (make setup): " + completed.stderr[-300:])
    client = json.loads(completed.stdout)
    return client["id"], client["confirmation"]


class Smapi:
    """The calls a deployment needs: package upload and import, status, enablement, deletion."""

    def __init__(self, credentials: AskCredentials, session: requests.Session | None = None) -> None:
        self.credentials = credentials
        self.base = os.environ.get("ASK_SMAPI_SERVER_BASE_URL", SMAPI_URL).rstrip("/")
        self.lwa = os.environ.get("ASK_LWA_TOKEN_HOST", LWA_URL).rstrip("/")
        self.http = session or requests.Session()
        self._token: str | None = None

    def token(self) -> str:
        if self._token:
            return self._token
        fresh = self.credentials.access_token and self.credentials.expires_at > time.time() + 60
        if self.credentials.access_token and (fresh or not self.credentials.refresh_token):
            self._token = self.credentials.access_token
            return self._token
        client_id, confirmation = ask_cli_client()
        answer = self.http.post(
            f"{self.lwa}/auth/o2/token",
            timeout=TIMEOUT,
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.credentials.refresh_token,
                "client_id": client_id,
                "client_secret": confirmation,
            },
        )
        if answer.status_code != 200:
            raise SmapiError(
                f"Login with Amazon refused the ASK CLI's refresh token ({answer.status_code}): "
                f"{answer.text[:300]}; run `make ask-configure` again"
            )
        self._token = answer.json()["access_token"]
        return self._token

    def call(self, method: str, path: str, expected: tuple[int, ...], **kwargs: Any) -> requests.Response:
        for attempt in range(5):
            answer = self.http.request(
                method, self.base + path, timeout=TIMEOUT, headers={"Authorization": f"Bearer {self.token()}"}, **kwargs
            )
            if answer.status_code != 429 and answer.status_code < 500:
                break
            time.sleep(min(2**attempt, 10))  # throttled or Amazon's side: SMAPI asks callers to retry
        if answer.status_code not in expected:
            raise SmapiError(f"{method} {path}: HTTP {answer.status_code} {answer.text[:500]}")
        return answer

    def skill_exists(self, skill_id: str) -> bool:
        return self.call("GET", f"/v1/skills/{skill_id}/status", (200, 404)).status_code == 200

    def upload(self, package: bytes) -> str:
        """A pre-signed upload location, filled with the zipped package."""
        location = self.call("POST", "/v1/skills/uploads", (201, 200)).json()["uploadUrl"]
        stored = self.http.put(location, data=package, timeout=TIMEOUT)
        if stored.status_code not in (200, 201, 204):
            raise SmapiError(f"uploading the skill package: HTTP {stored.status_code} {stored.text[:300]}")
        return location

    def import_package(self, location: str, skill_id: str | None) -> str:
        """Create the skill (no id yet) or update it from the uploaded package; returns the import's id."""
        if skill_id:
            answer = self.call("POST", f"/v1/skills/{skill_id}/imports", (202,), json={"location": location})
        else:
            answer = self.call(
                "POST",
                "/v1/skills/imports",
                (202,),
                json={"vendorId": self.credentials.vendor_id, "location": location},
            )
        return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def wait_for_import(self, import_id: str, timeout: float = 300.0, poll: float = 0.5) -> str:
        """The skill id, once every part of the package (manifest, models) has been accepted."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.call("GET", f"/v1/skills/imports/{import_id}", (200,)).json()
            if status["status"] == "SUCCEEDED":
                return status["skill"]["skillId"]
            if status["status"] != "IN_PROGRESS":  # FAILED, or a rollback after a failed update
                problems = [
                    error.get("message", "")
                    for resource in status.get("skill", {}).get("resources", [])
                    for error in resource.get("errors", [])
                ] + [e.get("message", "") for e in status.get("errors", [])]
                raise SmapiError(f"the skill package was refused ({status['status']}): " + "; ".join(problems))
            if time.monotonic() > deadline:
                raise SmapiError(f"import {import_id} still {status['status']} after {timeout:.0f} s")
            time.sleep(poll)
            poll = min(poll * 2, 5.0)

    def enable_for_testing(self, skill_id: str) -> None:
        self.call("POST", f"/v1/skills/{skill_id}/stages/development/enablement", (204, 200))

    def enabled_for_testing(self, skill_id: str) -> bool:
        path = f"/v1/skills/{skill_id}/stages/development/enablement"
        return self.call("GET", path, (204, 200, 404)).status_code != 404

    def delete_skill(self, skill_id: str) -> None:
        self.call("DELETE", f"/v1/skills/{skill_id}", (204, 404))
