"""A local stand-in for Amazon's skill management API (SMAPI) and Login with Amazon, on loopback HTTP.

It answers the calls tools/smapi.py makes, as the documented API does (status codes, Location headers,
imports that are IN_PROGRESS before they succeed), and checks what a real import checks that a deploy
could get wrong: a skill.json whose endpoints are Lambda ARNs, both icons present as PNGs of the sizes
Alexa asks for, an interaction model for every published locale.
"""

from __future__ import annotations

import io
import json
import re
import struct
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LAMBDA_ARN = re.compile(r"^arn:aws:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}$")
ICON_SIZES = {"smallIconUri": 108, "largeIconUri": 512}


def package_errors(package: bytes) -> list[str]:
    """What SMAPI would refuse in an uploaded skill package."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(package))
        manifest = json.loads(archive.read("skill.json"))["manifest"]
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        return [f"not a skill package: {error}"]
    names, errors = set(archive.namelist()), []
    for where in (manifest["apis"]["custom"]["endpoint"], manifest["events"]["endpoint"]):
        if not LAMBDA_ARN.match(where.get("uri", "")):
            errors.append(f"endpoint is not a Lambda ARN: {where.get('uri')!r}")
    for locale, listing in manifest["publishingInformation"]["locales"].items():
        for key, size in ICON_SIZES.items():
            path = listing.get(key, "").removeprefix("file://")
            if path not in names:
                errors.append(f"{locale}: {key} {path!r} is not in the package")
                continue
            data = archive.read(path)
            if data[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", data[16:24]) != (size, size):
                errors.append(f"{locale}: {key} must be a {size}x{size} PNG")
        if f"interactionModels/custom/{locale}.json" not in names:
            errors.append(f"{locale}: no interaction model")
    return errors


class SmapiStandIn:
    """Run with `with SmapiStandIn() as smapi:`; `smapi.skills`, `smapi.calls` and `smapi.enabled` tell
    what a deployment did."""

    def __init__(self, refresh_token: str = "Atzr|stand-in-refresh", vendor_id: str = "M1STANDIN") -> None:
        self.refresh_token, self.vendor_id = refresh_token, vendor_id
        self.access_token = "Atza|stand-in-" + uuid.uuid4().hex
        self.skills: dict[str, dict[str, Any]] = {}
        self.enabled: set[str] = set()
        self.uploads: dict[str, bytes] = {}
        self.imports: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []
        self.lwa_clients: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> SmapiStandIn:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- the API ------------------------------------------------------------------------------------
    def answer(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, dict[str, str], Any]:
        if path == "/auth/o2/token" and method == "POST":
            form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
            self.lwa_clients.append(form.get("client_id", ""))
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
                return 400, {}, {"error": "invalid_grant"}
            return 200, {}, {"access_token": self.access_token, "token_type": "bearer", "expires_in": 3600}
        if path.startswith("/upload/") and method == "PUT":
            self.uploads[path] = body
            return 200, {}, None
        if headers.get("Authorization") != f"Bearer {self.access_token}":
            return 401, {}, {"message": "Token is invalid/expired"}
        self.calls.append(f"{method} {re.sub(r'amzn1[.]ask[.]skill[.][0-9a-f-]+', '{skillId}', path)}")
        payload = json.loads(body) if body else {}
        if path == "/v1/skills/uploads" and method == "POST":
            return 201, {}, {"uploadUrl": f"{self.endpoint}/upload/{uuid.uuid4().hex}", "expiresAt": "2099-01-01"}
        if path == "/v1/skills/imports" and method == "POST":
            if payload.get("vendorId") != self.vendor_id:
                return 403, {}, {"message": "vendor id does not match the token"}
            return self._start_import(payload["location"], None)
        found = re.fullmatch(r"/v1/skills/(amzn1\.ask\.skill\.[0-9a-f-]+)(/.*)?", path)
        if found and found.group(1) not in self.skills:
            return 404, {}, {"message": "skill not found"}
        if found:
            skill_id, rest = found.group(1), found.group(2) or ""
            if rest == "/imports" and method == "POST":
                return self._start_import(payload["location"], skill_id)
            if rest == "/status" and method == "GET":
                return 200, {}, {"manifest": {"lastUpdateRequest": {"status": "SUCCEEDED"}}}
            if rest == "/stages/development/enablement":
                if method == "POST":
                    self.enabled.add(skill_id)
                    return 204, {}, None
                return (204, {}, None) if skill_id in self.enabled else (404, {}, {"message": "not enabled"})
            if rest == "" and method == "DELETE":
                del self.skills[skill_id]
                self.enabled.discard(skill_id)
                return 204, {}, None
        imported = re.fullmatch(r"/v1/skills/imports/([0-9a-f]+)", path)
        if imported and method == "GET" and imported.group(1) in self.imports:
            return 200, {}, self._import_status(imported.group(1))
        return 404, {}, {"message": f"no such operation: {method} {path}"}

    def _start_import(self, location: str, skill_id: str | None) -> tuple[int, dict[str, str], Any]:
        package = self.uploads.get(location.removeprefix(self.endpoint))
        if package is None:
            return 400, {}, {"message": "nothing uploaded at that location"}
        import_id = uuid.uuid4().hex
        errors = package_errors(package)
        if not errors:
            skill_id = skill_id or f"amzn1.ask.skill.{uuid.uuid4()}"
            archive = zipfile.ZipFile(io.BytesIO(package))
            self.skills[skill_id] = {
                "manifest": json.loads(archive.read("skill.json"))["manifest"],
                "models": sorted(n for n in archive.namelist() if n.startswith("interaction")),
            }
        self.imports[import_id] = {"polls": 0, "skill_id": skill_id, "errors": errors}
        return 202, {"Location": f"/v1/skills/imports/{import_id}"}, None

    def _import_status(self, import_id: str) -> dict[str, Any]:
        state = self.imports[import_id]
        state["polls"] += 1
        if state["polls"] == 1:  # the first look finds it still running, as a real import usually is
            return {"status": "IN_PROGRESS", "skill": {"resources": []}}
        if state["errors"]:
            return {
                "status": "FAILED",
                "skill": {
                    "resources": [{"name": "Manifest", "errors": [{"message": message} for message in state["errors"]]}]
                },
            }
        return {"status": "SUCCEEDED", "skill": {"skillId": state["skill_id"], "resources": []}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, payload = stand_in.answer(self.command, self.path, self.headers, body)
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *_: Any) -> None:
                pass

        return Handler
