"""The function as `sam build` makes it, built once per test session with the runtime's Python, and that
Python with what the Lambda runtime provides (.venv/lambda-runtime: its interface client and boto3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.runtime_python import find, missing_message, runtime_version
from tools.stack import FUNCTION, sam_build

REPO = Path(__file__).resolve().parents[1]


def compiled_probe(imports: str = "lambda_function") -> str:
    """A script for a fresh interpreter: import `imports` from the package folder given as its argument and
    print the modules of that folder compiled from source on the way (none, when the bytecode is used)."""
    return f"""
import builtins, json, sys
compiled, real_compile = [], builtins.compile
def counting_compile(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return real_compile(source, filename, *args, **kwargs)
builtins.compile = counting_compile
sys.path.insert(0, sys.argv[1])
import {imports}
print(json.dumps([name for name in compiled if name.startswith(sys.argv[1])]))
"""


RUNTIME_DIR = REPO / ".venv" / "lambda-runtime"


@pytest.fixture(scope="session")
def runtime_python() -> str:
    python = find()
    if python is None:
        pytest.fail(missing_message(runtime_version()))
    return python


@pytest.fixture(scope="session")
def lambda_runtime_dir() -> Path:
    if not (RUNTIME_DIR / ".installed").is_file():
        pytest.fail(f"{RUNTIME_DIR} is missing: `make setup` installs requirements-runtime.txt there")
    return RUNTIME_DIR


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory, runtime_python) -> Path:
    """The `sam build` output folder (template.yaml and SkillFunction/)."""
    folder = tmp_path_factory.mktemp("sam-build")
    sam_build(runtime_python, folder)
    return folder


@pytest.fixture(scope="session")
def built_function(build_dir) -> Path:
    return build_dir / FUNCTION
