"""The real tools on the real package: `sam validate --lint`, `sam build` (once per session, with the runtime's
Python), and the built function answering through the Lambda Runtime Interface Emulator that ships in the
SAM CLI's wheel, on loopback, with Alexa's envelopes and preferences in a DynamoDB API server on loopback."""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import ca_directory
import pytest
import requests
import samcli

from bench.scenarios import (
    BENCH_USER,
    CONTENT_ANSWER,
    CRAMP_NOW,
    DIARY_ANSWER,
    GET_REMINDER,
    LOG_CRAMP,
    PREFERENCE_ANSWER,
    SAVED_PREFERENCES,
    STRETCH,
    one_shot,
    spoken_text,
)
from simulator.envelopes import Device, envelope, intent_request, launch_request
from tests.dynamodb_server import REGION, free_port
from tests.fixtures_build import compiled_probe

REPO = Path(__file__).resolve().parents[1]
SAM = REPO / ".venv" / "bin" / "sam"
SAM_ENV = dict(os.environ, SAM_CLI_TELEMETRY="0")
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath")


def _sam_validate(template: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SAM), "validate", "--lint", "--template-file", str(template)],
        cwd=template.parent,
        env=SAM_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_template_passes_sam_validate_lint():
    result = _sam_validate(REPO / "template.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_sam_validate_reports_a_broken_template(tmp_path):
    """Guards the test above: the same command does fail on a real mistake."""
    broken = tmp_path / "template.yaml"
    broken.write_text((REPO / "template.yaml").read_text().replace("Runtime: python3.13", "Runtime: python2.7"))
    assert _sam_validate(broken).returncode != 0


def test_the_package_carries_certifis_roots_one_a_file(built_function):
    """What the Alexa API client trusts on Lambda, filed so a cold start reads only the root it needs."""
    roots = (built_function / "certifi" / "cacert.pem").read_text().count("BEGIN CERTIFICATE")
    filed = [path for path in (built_function / "cramp_helper" / "trusted_cas").iterdir() if path.is_symlink()]
    assert roots > 100 and len(filed) == roots and all("BEGIN CERTIFICATE" in path.read_text() for path in filed)


def test_the_package_leaves_out_what_the_runtime_provides(built_function):
    shipped = {path.name.split("-")[0] for path in built_function.iterdir()}
    assert not shipped & set(RUNTIME_PROVIDED), sorted(shipped & set(RUNTIME_PROVIDED))
    assert {"lambda_function.py", "cramp_helper", "ask_sdk_core", "ask_sdk_model", "tzdata", "requests"} <= shipped
    assert "ask_sdk_dynamodb" not in shipped  # the skill's own adapter (dynamodb_store.py) talks to the table
    assert not (built_function / "bin").exists()


def test_the_package_ships_only_bytecode_the_runtime_reads(built_function):
    tag = "cpython-313"
    compiled = list(built_function.rglob("*.pyc"))
    assert compiled and all(f".{tag}." in path.name for path in compiled), {p.name for p in compiled}
    for source in [built_function / "lambda_function.py", *(built_function / "cramp_helper").rglob("*.py")]:
        cached = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        assert int.from_bytes(cached.read_bytes()[4:8], "little") == 0b11, f"{cached}: not checked-hash"


def test_the_build_stops_with_a_clear_message_for_another_python(tmp_path):
    out = tmp_path / "package"
    result = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(REPO / "lambda"),
            "build-SkillFunction",
            f"PYTHON={sys.executable}",
            f"ARTIFACTS_DIR={out}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "needs Python 3.13" in result.stderr and "would ignore its bytecode" in result.stderr
    assert not out.exists(), "nothing may be built with the wrong Python"


# -- the built function in the Lambda Runtime Interface Emulator ------------------------------------
def _rie_binary() -> Path:
    machine = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}[platform.machine().lower()]
    return Path(samcli.__file__).parent / "local" / "rapid" / f"aws-lambda-rie-{machine}"


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the emulator exited: {process.stderr.read()[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("the emulator did not listen")


@pytest.fixture(scope="module")
def preferences_table(dynamodb_endpoint) -> str:
    name = "built-prefs"
    dynamodb = boto3.resource(
        "dynamodb",
        region_name=REGION,
        endpoint_url=dynamodb_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    table = dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    table.put_item(Item={"id": BENCH_USER, "attributes": SAVED_PREFERENCES})
    return name


@pytest.fixture(scope="module")
def emulator(
    built_function,
    runtime_python,
    lambda_runtime_dir,
    preferences_table,
    dynamodb_endpoint,
    alexa_api_server,
    tmp_path_factory,
):
    """invoke(event) -> the function's answer, through the emulator's invoke API on loopback."""
    task_root = tmp_path_factory.mktemp("var-task") / "task"
    shutil.copytree(built_function, task_root)
    # trusted as Alexa's API is on Lambda: through the package's own roots, no REQUESTS_CA_BUNDLE
    ca_directory.write_directory(alexa_api_server.ca_bundle, str(task_root / "cramp_helper" / "trusted_cas"))
    for path in [task_root, *task_root.rglob("*")]:  # /var/task is read-only on Lambda
        path.chmod(0o555 if path.is_dir() else 0o444)
    port, runtime_api_port = free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "LAMBDA_TASK_ROOT": str(task_root),
        "TZ": "UTC",
        "PYTHONPATH": f"{task_root}:{lambda_runtime_dir}",
        "PREFERENCES_TABLE": preferences_table,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_LAMBDA_FUNCTION_NAME": "leg-cramp-helper-skill",
    }
    process = subprocess.Popen(
        [
            str(_rie_binary()),
            "--runtime-interface-emulator-address",
            f"127.0.0.1:{port}",
            "--runtime-api-address",
            f"127.0.0.1:{runtime_api_port}",
            runtime_python,
            "-m",
            "awslambdaric",
            "lambda_function.handler",
        ],
        cwd=task_root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, process)
        url = f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"

        def invoke(event: dict) -> dict:
            answer = requests.post(url, json=event, timeout=30)
            assert answer.status_code == 200, answer.text
            return answer.json()

        yield invoke
    finally:
        process.terminate()
        process.wait(timeout=10)
        for path in [task_root, *task_root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_the_built_function_welcomes_a_new_user(emulator, alexa_api_server):
    answer = emulator(one_shot(launch_request(), alexa_api_server.endpoint, user_id="amzn1.ask.account.NEWUSER"))
    assert "not medical advice" in spoken_text(answer)
    assert answer["response"]["shouldEndSession"] is False


def test_the_built_function_guides_a_stretch(emulator, alexa_api_server):
    answer = emulator(one_shot(STRETCH, alexa_api_server.endpoint))
    assert "Step 1 of 5" in spoken_text(answer)


def test_the_built_function_helps_with_a_cramp_right_now(emulator, alexa_api_server):
    """Also the session's first turn reading the device's time zone over TLS, trusting the package's roots."""
    settings_calls = len(alexa_api_server.calls("GET", "/v2/devices/"))
    answer = emulator(one_shot(CRAMP_NOW, alexa_api_server.endpoint))
    assert CONTENT_ANSWER.failure(answer) is None, spoken_text(answer)
    assert len(alexa_api_server.calls("GET", "/v2/devices/")) == settings_calls + 1


def test_the_built_function_reads_the_reminder_from_dynamodb(emulator, alexa_api_server):
    """boto3 comes from the runtime (not the package), the table is reached over HTTP."""
    answer = emulator(one_shot(GET_REMINDER, alexa_api_server.endpoint))
    assert PREFERENCE_ANSWER.failure(answer) is None, spoken_text(answer)


def test_the_built_function_notes_a_cramp_and_reads_the_diary_back(emulator, alexa_api_server):
    """The diary's modules load on their first use (`cramp_helper/lazy.py`, lazy on the runtime's Python):
    a cramp noted in one session is counted in the next, from DynamoDB."""
    user = "amzn1.ask.account.DIARYUSER"
    asked = emulator(one_shot(LOG_CRAMP, alexa_api_server.endpoint, user_id=user))
    assert spoken_text(asked).endswith("Shall I keep it?")  # the first cramp: may it keep a diary
    yes = envelope(
        intent_request("AMAZON.YesIntent"),
        Device(user_id=user, api_endpoint=alexa_api_server.endpoint),
        session_id="amzn1.echo-api.session.bench",
        attributes=asked["sessionAttributes"],
        new=False,
    )
    noted = emulator(yes)
    assert DIARY_ANSWER.failure(noted) is None, spoken_text(noted)
    history = emulator(one_shot(intent_request("CrampHistoryIntent"), alexa_api_server.endpoint, user_id=user))
    assert "Your last cramp was" in spoken_text(history)
    assert "noted one cramp" in spoken_text(history)


_COMPILED_PROBE = compiled_probe("lambda_function, ask_sdk_core.skill_builder, ask_sdk_model")


def test_the_runtimes_python_compiles_nothing_of_the_package(built_function, runtime_python):
    """A cold start on the runtime's Python reads the shipped bytecode for the skill and the SDK alike."""
    result = subprocess.run(
        [runtime_python, "-c", _COMPILED_PROBE, str(built_function)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


_STORE_SIDE = ("cramp_helper.record", "cramp_helper.diary", "cramp_helper.preferences", "cramp_helper.reminder_api")
_LAZY_PROBE = f"""
import importlib.util, json, sys
sys.path.insert(0, sys.argv[1])
import lambda_function
for event in json.load(sys.stdin):
    lambda_function.handler(event, None)
print(json.dumps([name for name in {_STORE_SIDE!r}
                  if name in sys.modules and not isinstance(sys.modules[name], importlib.util._LazyModule)]))
"""


def test_content_turns_on_the_runtimes_python_never_run_the_store_side_modules(
    built_function, runtime_python, lambda_runtime_dir, tmp_path
):
    """Help, a cramp right now and "it stopped" (which may offer the diary) read nothing stored: the record,
    the diary's rules and the reminder client stay deferred (`cramp_helper/lazy.py`), as the cold start needs."""
    device = Device(api_endpoint="https://127.0.0.1:9")  # the time zone read fails at once: nothing listens
    events = [
        envelope(intent_request(name), device) for name in ("AMAZON.HelpIntent", "CrampNowIntent", "CrampGoneIntent")
    ]
    result = subprocess.run(
        [runtime_python, "-c", _LAZY_PROBE, str(built_function)],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(lambda_runtime_dir),
            "TZ": "UTC",
            "PREFERENCES_DB": str(tmp_path / "p.sqlite3"),
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
