"""The skill package as deployed: skill-package/ with the manifest filled from the deployment's parameters
(the function's ARN in every endpoint, the privacy and terms URLs), zipped for SMAPI's package import."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SKILL_PACKAGE = REPO / "skill-package"
PLACEHOLDER = "REPLACE"


def filled_manifest(
    skill_json: dict[str, Any], function_arn: str, privacy_url: str | None, terms_url: str | None
) -> dict[str, Any]:
    """skill.json with the function as the endpoint of requests and events (and of any per-region endpoint),
    and the URLs in every locale; without URLs they are left out, which a development skill may be."""
    filled = copy.deepcopy(skill_json)
    manifest = filled["manifest"]
    custom = manifest["apis"]["custom"]
    custom["endpoint"] = {"uri": function_arn}
    for region in custom.get("regions", {}).values():
        region["endpoint"] = {"uri": function_arn}
    manifest["events"]["endpoint"] = {"uri": function_arn}
    for urls in manifest["privacyAndCompliance"]["locales"].values():
        for key, value in (("privacyPolicyUrl", privacy_url), ("termsOfUseUrl", terms_url)):
            if value:
                urls[key] = value
            else:
                urls.pop(key, None)
    manifest["privacyAndCompliance"]["locales"] = {
        locale: urls for locale, urls in manifest["privacyAndCompliance"]["locales"].items() if urls
    }
    if not manifest["privacyAndCompliance"]["locales"]:
        del manifest["privacyAndCompliance"]["locales"]
    return filled


def package_files(package: Path = SKILL_PACKAGE) -> list[Path]:
    """What the import takes: skill.json, the interaction models and the icons."""
    return sorted(path for path in package.rglob("*") if path.is_file() and not path.name.startswith("."))


def zipped_package(manifest: dict[str, Any], package: Path = SKILL_PACKAGE) -> bytes:
    """skill-package/ zipped with `manifest` as its skill.json; refuses a placeholder left in it."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False)
    if PLACEHOLDER in text:
        raise ValueError("the manifest still holds a placeholder: " + text[text.index(PLACEHOLDER) - 80 :][:160])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in package_files(package):
            name = str(path.relative_to(package))
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8") if name == "skill.json" else path.read_bytes())
    return buffer.getvalue()


def read_manifest(package: Path = SKILL_PACKAGE) -> dict[str, Any]:
    return json.loads((package / "skill.json").read_text(encoding="utf-8"))
