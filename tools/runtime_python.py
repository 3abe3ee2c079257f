"""Find the Python the Lambda runtime runs (template.yaml `Runtime`), so what is built and measured
uses that version: bytecode made by another Python is ignored by the runtime.

    python -m tools.runtime_python        # prints the interpreter's path, or exits 1 with why
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template.yaml"


def runtime_version(template: Path = TEMPLATE) -> str:
    """'3.13' from `Runtime: python3.13`."""
    found = re.search(r"^\s*Runtime:\s*python(\d+\.\d+)\s*$", template.read_text(encoding="utf-8"), re.MULTILINE)
    if not found:
        raise SystemExit(f"no python Runtime in {template}")
    return found.group(1)


def _is_version(executable: str, version: str) -> bool:
    try:
        completed = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return False
    return completed.returncode == 0 and completed.stdout.strip() == version


def candidates(version: str) -> list[str]:
    """python3.X on PATH first, then pyenv's installs of that version (its shim needs PYENV_VERSION)."""
    found = [path for path in [shutil.which(f"python{version}")] if path]
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += sorted(str(path) for path in pyenv_root.glob(f"versions/{version}*/bin/python{version}"))
    return found


def find(version: str | None = None) -> str | None:
    version = version or runtime_version()
    return next((path for path in candidates(version) if _is_version(path, version)), None)


def missing_message(version: str) -> str:
    return (
        f"The function runs on Python {version} (template.yaml Runtime) and is built with it, so that its "
        f"bytecode is the runtime's. No working python{version} was found: install it (e.g. `pyenv install "
        f"{version}`) and put it on PATH, set PYTHON=/path/to/python{version}, or build in a container "
        f"(`sam build --use-container`)."
    )


def main() -> int:
    version = runtime_version()
    path = find(version)
    if path is None:
        print(missing_message(version), file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
