"""`make deploy` / `make destroy` (tools/deploy.py) against local stand-ins: moto's server for CloudFormation,
S3, Lambda, IAM and DynamoDB, and tests/smapi_server.py for Amazon's skill management API and Login with
Amazon. Everything on loopback; the function deployed is the session's real `sam build`.

moto does not attach EventSourceToken to Lambda permissions nor report stack outputs, so the lock to the
skill is checked where moto keeps it: the stack's AlexaSkillId parameter and the function's SKILL_ID.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import boto3
import pytest

from tests.smapi_server import SmapiStandIn
from tools import deploy, skill_package

REPO = Path(__file__).resolve().parents[1]
STACK = "cramp-test"
PRIVACY, TERMS = "https://example.org/cramp/privacy", "https://example.org/cramp/terms"


@pytest.fixture
def smapi(monkeypatch, tmp_path):
    """The stand-in, and ASK CLI credentials for it the way `ask configure` leaves them (~/.ask/cli_config)."""
    with SmapiStandIn() as stand_in:
        home = tmp_path / "home"
        (home / ".ask").mkdir(parents=True)
        (home / ".ask" / "cli_config").write_text(
            json.dumps(
                {
                    "profiles": {
                        "default": {
                            "vendor_id": stand_in.vendor_id,
                            "token": {
                                "access_token": "Atza|expired",
                                "refresh_token": stand_in.refresh_token,
                                "token_type": "bearer",
                                "expires_in": 3600,
                                "expires_at": "2020-01-01T00:00:00.000Z",
                            },
                        }
                    }
                }
            )
        )
        monkeypatch.setenv("HOME", str(home))
        for name in ("ASK_ACCESS_TOKEN", "ASK_REFRESH_TOKEN", "ASK_LWA_CLIENT_ID", "ASK_LWA_CLIENT_CONFIRMATION"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("ASK_SMAPI_SERVER_BASE_URL", stand_in.endpoint)
        monkeypatch.setenv("ASK_LWA_TOKEN_HOST", stand_in.endpoint)
        yield stand_in


@pytest.fixture
def aws(dynamodb_endpoint, monkeypatch):
    """boto3 pointed at moto's server, as AWS_ENDPOINT_URL points any boto3 tool."""
    for name, value in {
        "AWS_ENDPOINT_URL": dynamodb_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_DYNAMODB", "DRY_RUN"):
        monkeypatch.delenv(name, raising=False)
    session = boto3.session.Session(region_name="eu-west-1")
    return {name: session.client(name) for name in ("cloudformation", "lambda", "dynamodb", "s3")}


def _run(capsys, *arguments: str) -> tuple[int, str]:
    code = deploy.main(list(arguments))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _function(aws):
    name = aws["cloudformation"].describe_stack_resource(StackName=STACK, LogicalResourceId="SkillFunction")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    return aws["lambda"].get_function_configuration(FunctionName=name)


def test_deploy_twice_then_destroy(aws, smapi, build_dir, tmp_path, capsys):
    state_dir = tmp_path / "project" / ".deploy"
    common = ["--stack-name", STACK, "--build-dir", str(build_dir), "--no-build", "--state-dir", str(state_dir)]
    code, out = _run(capsys, "deploy", *common, "--privacy-url", PRIVACY, "--terms-url", TERMS)
    assert code == 0, out

    state = json.loads((state_dir / f"{STACK}.eu-west-1.json").read_text())
    skill_id, arn = state["skill_id"], state["function_arn"]
    assert list(smapi.skills) == [skill_id]
    manifest = smapi.skills[skill_id]["manifest"]
    assert manifest["apis"]["custom"]["endpoint"]["uri"] == arn == manifest["events"]["endpoint"]["uri"]
    assert arn.startswith("arn:aws:lambda:eu-west-1:")
    assert {urls["privacyPolicyUrl"] for urls in manifest["privacyAndCompliance"]["locales"].values()} == {PRIVACY}
    assert len(smapi.skills[skill_id]["models"]) == len(manifest["publishingInformation"]["locales"])  # one each
    assert skill_id in smapi.enabled, "enabled for testing, so `ask dialog` works at once"
    asked_states = json.loads((state_dir.parent / ".ask" / "ask-states.json").read_text())
    assert asked_states["profiles"]["default"]["skillId"] == skill_id
    assert smapi.lwa_clients and all(c.startswith("amzn1.application-oa2-client.") for c in smapi.lwa_clients), (
        "the ASK CLI's own LWA client refreshes the ASK CLI's token"
    )

    function = _function(aws)
    assert function["FunctionArn"] == arn
    assert function["Environment"]["Variables"]["SKILL_ID"] == skill_id, "the function is locked to the skill"
    assert len(function["Environment"]["Variables"]["SESSION_SEAL_KEY"]) >= 32, "repeat's key: the stack's id"
    stack = aws["cloudformation"].describe_stacks(StackName=STACK)["Stacks"][0]
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["AlexaSkillId"] == skill_id
    code_location = aws["lambda"].get_function(FunctionName=arn)["Code"]["Location"]
    bucket = state["bucket"]
    key = next(item["Key"] for item in aws["s3"].list_objects_v2(Bucket=bucket)["Contents"])
    shipped = zipfile.ZipFile(io.BytesIO(aws["s3"].get_object(Bucket=bucket, Key=key)["Body"].read())).namelist()
    assert "lambda_function.py" in shipped and not [n for n in shipped if n.startswith(("boto3/", "botocore/"))]
    assert code_location

    # Again: the same skill is updated, not a second one created; the stack is already locked.
    code, out = _run(capsys, "deploy", *common, "--privacy-url", PRIVACY, "--terms-url", TERMS)
    assert code == 0, out
    assert list(smapi.skills) == [skill_id]
    assert smapi.calls.count("POST /v1/skills/imports") == 1
    assert smapi.calls.count("POST /v1/skills/{skillId}/imports") == 1
    assert "already locked" in out
    assert json.loads((state_dir / f"{STACK}.eu-west-1.json").read_text())["function_arn"] == arn

    # Destroy keeps the users' table unless asked; a later --delete-table still finds it.
    table = state["table"]
    code, out = _run(capsys, "destroy", *common)
    assert code == 0, out
    assert not smapi.skills
    assert table in aws["dynamodb"].list_tables()["TableNames"]
    assert STACK not in [
        s["StackName"]
        for s in aws["cloudformation"].list_stacks(StackStatusFilter=["CREATE_COMPLETE", "UPDATE_COMPLETE"])[
            "StackSummaries"
        ]
    ]
    assert bucket not in [b["Name"] for b in aws["s3"].list_buckets()["Buckets"]]
    assert not (state_dir.parent / ".ask" / "ask-states.json").exists()
    code, out = _run(capsys, "destroy", *common, "--delete-table")
    assert code == 0, out
    assert table not in aws["dynamodb"].list_tables()["TableNames"]
    assert not (state_dir / f"{STACK}.eu-west-1.json").exists()


def test_dry_run_prints_every_step_and_changes_nothing(aws, smapi, tmp_path):
    """The deployer's own command: `make deploy DRY_RUN=1`."""
    result = subprocess.run(
        ["make", "-s", "deploy", "DRY_RUN=1", f"ARGS=--stack-name cramp-dry --state-dir {tmp_path / '.deploy'}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    steps = [line.split(":", 1)[0] for line in result.stdout.splitlines() if line.startswith("[")]
    assert steps == [
        "[1] build",
        "[2] package",
        "[3] upload",
        "[4] stack",
        "[5] manifest",
        "[6] skill",
        "[7] enable",
        "[8] lock",
    ]
    assert "sam build with Python 3.13" in result.stdout and "eu-west-1" in result.stdout
    assert not smapi.calls and not smapi.lwa_clients
    assert "cramp-dry" not in [s["StackName"] for s in aws["cloudformation"].list_stacks()["StackSummaries"]]
    assert not (tmp_path / ".deploy").exists()


def test_destroy_dry_run_says_the_table_is_kept(aws, tmp_path, capsys):
    code, out = _run(capsys, "destroy", "--dry-run", "--stack-name", STACK, "--state-dir", str(tmp_path))
    assert code == 0
    assert "kept (DeletionPolicy Retain)" in out and "--delete-table" in out


def test_a_region_alexa_cannot_trigger_is_refused(capsys):
    with pytest.raises(SystemExit):
        deploy.parse_arguments(["deploy", "--region", "eu-central-1"])
    assert "Alexa triggers Lambda only in" in capsys.readouterr().err


def test_without_ask_credentials_the_deploy_says_how_to_get_them(aws, build_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("ASK_ACCESS_TOKEN", "ASK_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    code = deploy.main(
        [
            "deploy",
            "--stack-name",
            STACK,
            "--build-dir",
            str(build_dir),
            "--no-build",
            "--state-dir",
            str(tmp_path / ".deploy"),
        ]
    )
    assert code == 1
    assert "make ask-configure" in capsys.readouterr().err


def test_the_deployed_manifest_has_no_placeholder_left():
    manifest = skill_package.filled_manifest(
        skill_package.read_manifest(), "arn:aws:lambda:us-east-1:123456789012:function:x", None, None
    )
    package = zipfile.ZipFile(io.BytesIO(skill_package.zipped_package(manifest)))
    assert "REPLACE" not in package.read("skill.json").decode()
    assert {"assets/images/icon-108.png", "assets/images/icon-512.png"} <= set(package.namelist())
    with pytest.raises(ValueError, match="placeholder"):
        skill_package.zipped_package(skill_package.read_manifest())


def _bare_environment(home: Path) -> dict[str, str]:
    """No AWS or ASK credentials, no region: a first-time deployer's shell."""
    keep = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "ASK_")) and name not in ("DRY_RUN", "MAKEFLAGS", "MFLAGS")
    }
    return {**keep, "HOME": str(home)}


def test_make_deploy_without_credentials_stops_at_once_naming_what_is_missing(tmp_path):
    """Before any install or build: the check runs on the system Python, and nothing is set up."""
    started = time.monotonic()
    run = subprocess.run(
        ["make", "--no-print-directory", "deploy"],
        cwd=REPO,
        env=_bare_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    for needed in ("AWS credentials", "AWS region", "Amazon developer login"):
        assert needed in run.stderr, run.stderr
    assert "aws configure" in run.stderr and "make ask-configure" in run.stderr
    assert "Installing" not in run.stdout + run.stderr and time.monotonic() - started < 30


def test_make_deploy_dry_run_lists_what_a_real_run_needs_and_what_is_missing_here(tmp_path):
    from tools import deploy_check

    env = _bare_environment(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "tools.deploy_check", "--dry-run"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0
    assert all(need in run.stdout for need in deploy_check.NEEDS)
    assert run.stdout.count("not found here") == 3


def test_the_check_passes_with_a_profile_a_region_and_an_ask_login(tmp_path, monkeypatch):
    from tools import deploy_check

    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text("[default]\naws_access_key_id = A\naws_secret_access_key = B\n")
    (tmp_path / ".aws" / "config").write_text("[default]\nregion = eu-west-1\n")
    (tmp_path / ".ask").mkdir()
    (tmp_path / ".ask" / "cli_config").write_text(
        json.dumps({"profiles": {"default": {"vendor_id": "M1", "token": {"refresh_token": "r"}}}})
    )
    for name in [name for name in os.environ if name.startswith(("AWS_", "ASK_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert deploy_check.missing(None, None, "default") == []
    assert deploy_check.missing("eu-central-1", None, "default") == [
        "AWS region eu-central-1: Alexa triggers Lambda only in us-east-1, eu-west-1, us-west-2, ap-northeast-1."
    ]


PUBLISHED_PRIVACY, PUBLISHED_TERMS = "https://leg-cramp-helper.dev/privacy", "https://leg-cramp-helper.dev/terms"


def test_a_certification_deploy_keeps_no_diary_and_lists_the_skill_as_keeping_no_health_data(
    aws, smapi, build_dir, tmp_path, capsys
):
    common = [
        "--stack-name",
        "cramp-cert",
        "--build-dir",
        str(build_dir),
        "--no-build",
        "--state-dir",
        str(tmp_path / ".deploy"),
    ]
    code, out = _run(
        capsys,
        "deploy",
        *common,
        "--for-certification",
        "--privacy-url",
        PUBLISHED_PRIVACY,
        "--terms-url",
        PUBLISHED_TERMS,
    )
    assert code == 0, out
    stack = aws["cloudformation"].describe_stacks(StackName="cramp-cert")["Stacks"][0]
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["CrampDiary"] == "off"
    name = aws["cloudformation"].describe_stack_resource(StackName="cramp-cert", LogicalResourceId="SkillFunction")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    assert (
        aws["lambda"].get_function_configuration(FunctionName=name)["Environment"]["Variables"]["CRAMP_DIARY"] == "off"
    )
    (manifest,) = [skill["manifest"] for skill in smapi.skills.values()]
    for locale, info in manifest["publishingInformation"]["locales"].items():
        privacy = info["description"].split("\n\n")[-1]
        assert "keeps no health information" in privacy or "no guarda información de salud" in privacy, locale
        assert "diary" not in privacy and "diario" not in privacy, locale
    assert {urls["privacyPolicyUrl"] for urls in manifest["privacyAndCompliance"]["locales"].values()} == {
        PUBLISHED_PRIVACY
    }


@pytest.mark.parametrize(
    "urls", [[], ["--privacy-url", "https://example.com/REPLACE-ME/privacy", "--terms-url", PUBLISHED_TERMS]]
)
def test_make_deploy_for_certification_refuses_placeholders_even_in_a_dry_run(tmp_path, urls):
    env = _bare_environment(tmp_path)
    started = time.monotonic()
    run = subprocess.run(
        ["make", "--no-print-directory", "deploy", "DRY_RUN=1", "ARGS=--for-certification " + " ".join(urls)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "--for-certification refused" in run.stderr
    assert "privacy policy URL" in run.stderr and "Installing" not in run.stdout + run.stderr
    assert time.monotonic() - started < 30


def test_the_certification_dry_run_prints_the_listing_with_the_diary_off(aws, smapi, tmp_path, capsys):
    code, out = _run(
        capsys,
        "deploy",
        "--dry-run",
        "--for-certification",
        "--privacy-url",
        PUBLISHED_PRIVACY,
        "--terms-url",
        PUBLISHED_TERMS,
        "--state-dir",
        str(tmp_path / ".deploy"),
    )
    assert code == 0, out
    assert "CrampDiary=off" in out
    assert "[en] Privacy: the skill keeps no health information." in out
    assert "[es] Privacidad: la skill no guarda información de salud." in out
