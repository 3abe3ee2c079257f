"""The Lambda deployment package: the function folder plus its run-time requirements' closure.

Sizes come from the distributions installed in the venv (`importlib.metadata`, each file listed in
its RECORD), so no network and no build are needed. __pycache__/*.pyc are left out (pip would compile
them at install time on any machine). Distributions the AWS Lambda Python runtime already provides
are excluded from the package, and listed. `zipped` is a zlib (deflate) estimate of the zip file.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover - pip always vendors it
    # pip's vendored copy of the same class; mypy sees two distinct types
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]

# What lambda/Makefile leaves to the Lambda Python runtime (/var/runtime): boto3 and what only it needs.
# python-dateutil, six and urllib3 ship (ask-sdk-model and requests need them, at versions of their own).
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath")
MIB = 1024 * 1024


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(requirements_file: Path) -> list[str]:
    """Names in a requirements.txt (comments, options and blank lines skipped)."""
    names = []
    for line in requirements_file.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.append(Requirement(line).name)
    return names


def _dependencies(distribution: metadata.Distribution) -> Iterator[str]:
    """Run-time dependencies for this interpreter (no extras)."""
    for text in distribution.requires or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            yield requirement.name


def closure(names: Iterable[str]) -> dict[str, metadata.Distribution]:
    """Every installed distribution `names` need, by canonical name."""
    found: dict[str, metadata.Distribution] = {}
    pending = list(names)
    while pending:
        name = canonical(pending.pop())
        if name in found:
            continue
        try:
            found[name] = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        pending.extend(_dependencies(found[name]))
    return found


def _counted(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix != ".pyc" and path.is_file()


def _sizes(paths: Iterable[Path]) -> dict[str, int]:
    raw = zipped = files = 0
    for path in paths:
        if not _counted(path):
            continue
        data = path.read_bytes()
        raw, zipped, files = raw + len(data), zipped + len(zlib.compress(data, 6)), files + 1
    return {"bytes": raw, "zipped_bytes": zipped, "files": files}


def distribution_size(distribution: metadata.Distribution) -> dict[str, int]:
    files = distribution.files or []
    return _sizes(Path(str(distribution.locate_file(file))) for file in files)


def folder_size(folder: Path) -> dict[str, int]:
    return _sizes(sorted(folder.rglob("*")))


def package_report(
    function_folder: Path, requirements: list[str], provided: Iterable[str] = RUNTIME_PROVIDED
) -> dict[str, object]:
    """The function folder + the requirements' closure, minus what the runtime provides."""
    provided_names = {canonical(name) for name in provided}
    parts: dict[str, dict[str, int]] = {function_folder.name + "/": folder_size(function_folder)}
    excluded: list[str] = []
    for name, distribution in sorted(closure(requirements).items()):
        if name in provided_names:
            excluded.append(name)
        else:
            parts[f"{name}=={distribution.version}"] = distribution_size(distribution)
    total = {key: sum(part[key] for part in parts.values()) for key in ("bytes", "zipped_bytes", "files")}
    return {"total": total, "parts": parts, "excluded_runtime_provided": excluded}


def mib(size_bytes: int | None) -> str:
    return "?" if size_bytes is None else f"{size_bytes / MIB:.2f} MiB"
