"""The AWS half of a deployment: build the function with SAM, upload it, deploy the stack as a change set.

The template is translated here by the SAM translator (the library `sam deploy` relies on, offline) and
deployed as plain CloudFormation, so every call is an ordinary CloudFormation, S3 or Lambda API call that
a local stand-in (moto's server) can answer too. boto3 reads credentials, the region and AWS_ENDPOINT_URL
the usual way.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template.yaml"
BUILD_DIR = REPO / ".aws-sam" / "build"
FUNCTION = "SkillFunction"
TABLE = "PreferencesTable"
# Regions where Lambda offers the Alexa Skills Kit trigger.
ALEXA_REGIONS = ("us-east-1", "eu-west-1", "us-west-2", "ap-northeast-1")


class DeployError(RuntimeError):
    """A step failed in a way the deployer must act on; the message says how."""


def sam_build(runtime_python: str, build_dir: Path = BUILD_DIR) -> Path:
    """`sam build` with the runtime's Python; returns the built function folder."""
    env = dict(os.environ, PYTHON=runtime_python, SAM_CLI_TELEMETRY="0")
    sam = Path(os.environ.get("SAM_CLI", REPO / ".venv" / "bin" / "sam"))
    completed = subprocess.run(
        [str(sam), "build", "--template-file", str(TEMPLATE), "--build-dir", str(build_dir), "--no-cached"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise DeployError("sam build failed:\n" + (completed.stderr or completed.stdout)[-3000:])
    return build_dir / FUNCTION


def zip_function(folder: Path, target: Path) -> Path:
    """The deployment zip, with fixed file times so the same build gives the same zip (and S3 key)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cloudformation_template(code_uri: str, skill_id: str, diary: str = "on") -> dict[str, Any]:
    """template.yaml translated to CloudFormation, the function's code at `code_uri` (s3://bucket/key)."""
    from cfnlint import decode
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:  # the template names none, so no IAM lookup is needed
        def load(self) -> dict[str, str]:
            return {}

    decoded, errors = decode.decode_str(TEMPLATE.read_text(encoding="utf-8"))
    if errors:
        raise DeployError(f"template.yaml does not parse: {errors}")
    sam_template = json.loads(json.dumps(decoded))
    sam_template["Resources"][FUNCTION]["Properties"]["CodeUri"] = code_uri
    return transform(copy.deepcopy(sam_template), {"AlexaSkillId": skill_id, "CrampDiary": diary}, NoManagedPolicies())


@dataclass
class Aws:
    """The clients one deployment uses, in one region."""

    session: Any
    region: str

    @classmethod
    def connect(cls, region: str | None, profile: str | None) -> Aws:
        import boto3

        session = boto3.session.Session(profile_name=profile, region_name=region)
        if not session.region_name:
            raise DeployError(
                "No AWS region: pass --region or set AWS_REGION (one of " + ", ".join(ALEXA_REGIONS) + ")"
            )
        return cls(session, session.region_name)

    def client(self, name: str) -> Any:
        return self.session.client(name)

    def account(self) -> str:
        return self.client("sts").get_caller_identity()["Account"]

    def ensure_bucket(self, bucket: str) -> None:
        s3 = self.client("s3")
        try:
            s3.head_bucket(Bucket=bucket)
            return
        except s3.exceptions.ClientError:
            pass
        arguments: dict[str, Any] = {"Bucket": bucket}
        if self.region != "us-east-1":
            arguments["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        s3.create_bucket(**arguments)
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )

    def upload(self, path: Path, bucket: str, key: str) -> None:
        self.client("s3").upload_file(str(path), bucket, key)

    def stack(self, name: str) -> dict[str, Any] | None:
        cloudformation = self.client("cloudformation")
        try:
            stacks = cloudformation.describe_stacks(StackName=name)["Stacks"]
        except cloudformation.exceptions.ClientError as error:
            if "does not exist" in str(error):
                return None
            raise
        return stacks[0] if stacks and stacks[0]["StackStatus"] != "DELETE_COMPLETE" else None

    def deploy_stack(self, name: str, template: dict[str, Any], skill_id: str, diary: str = "on") -> bool:
        """Create or update through a change set; False when there was nothing to change."""
        cloudformation = self.client("cloudformation")
        existing = self.stack(name)
        if existing and existing["StackStatus"] == "ROLLBACK_COMPLETE":  # a failed first create: start over
            cloudformation.delete_stack(StackName=name)
            cloudformation.get_waiter("stack_delete_complete").wait(StackName=name)
            existing = None
        if existing and existing["StackStatus"] == "REVIEW_IN_PROGRESS":  # a create change set never executed
            existing = None
        change_type = "UPDATE" if existing else "CREATE"
        change_set = f"{name}-{time.strftime('%Y%m%d%H%M%S')}"
        try:
            cloudformation.create_change_set(
                StackName=name,
                ChangeSetName=change_set,
                ChangeSetType=change_type,
                TemplateBody=json.dumps(template),
                Parameters=[
                    {"ParameterKey": "AlexaSkillId", "ParameterValue": skill_id},
                    {"ParameterKey": "CrampDiary", "ParameterValue": diary},
                ],
                Capabilities=["CAPABILITY_IAM"],
                Tags=[{"Key": "project", "Value": "night-leg-cramp-helper"}],
            )
        except cloudformation.exceptions.ClientError as error:
            if "No updates are to be performed" in str(error):  # said at once by some endpoints
                return False
            raise
        try:
            cloudformation.get_waiter("change_set_create_complete").wait(
                StackName=name, ChangeSetName=change_set, WaiterConfig={"Delay": 3, "MaxAttempts": 200}
            )
        except Exception:
            described = cloudformation.describe_change_set(StackName=name, ChangeSetName=change_set)
            reason = described.get("StatusReason", "")
            if "didn't contain changes" in reason or "No updates" in reason:
                cloudformation.delete_change_set(StackName=name, ChangeSetName=change_set)
                return False
            raise DeployError(f"change set {change_set} failed: {reason}") from None
        cloudformation.execute_change_set(StackName=name, ChangeSetName=change_set)
        waiter = "stack_update_complete" if existing else "stack_create_complete"
        try:
            cloudformation.get_waiter(waiter).wait(StackName=name, WaiterConfig={"Delay": 5, "MaxAttempts": 360})
        except Exception as error:
            raise DeployError(
                f"stack {name} did not finish: {error}; see its events in the CloudFormation console"
            ) from error
        return True

    def physical_id(self, stack: str, logical_id: str) -> str:
        described = self.client("cloudformation").describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)
        return described["StackResourceDetail"]["PhysicalResourceId"]

    def function(self, stack: str) -> dict[str, Any]:
        """The deployed function's configuration (its ARN, and the SKILL_ID it checks)."""
        return self.client("lambda").get_function_configuration(FunctionName=self.physical_id(stack, FUNCTION))

    def delete_stack(self, name: str) -> None:
        cloudformation = self.client("cloudformation")
        cloudformation.delete_stack(StackName=name)
        cloudformation.get_waiter("stack_delete_complete").wait(
            StackName=name, WaiterConfig={"Delay": 5, "MaxAttempts": 360}
        )

    def delete_table(self, table: str) -> None:
        dynamodb = self.client("dynamodb")
        dynamodb.delete_table(TableName=table)
        dynamodb.get_waiter("table_not_exists").wait(TableName=table)

    def delete_bucket(self, bucket: str) -> None:
        s3 = self.client("s3")
        try:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for item in page.get("Contents", []):
                    s3.delete_object(Bucket=bucket, Key=item["Key"])
            s3.delete_bucket(Bucket=bucket)
        except s3.exceptions.NoSuchBucket:
            pass
