"""`make deploy` / `make destroy`: the whole deployment in one command, and its undoing.

    python -m tools.deploy deploy  [--dry-run] [--region R] [--profile P] [--stack-name S]
                                   [--privacy-url URL] [--terms-url URL] [--ask-profile A] [--for-certification]
    python -m tools.deploy destroy [--dry-run] [--delete-table] [--keep-skill] ...

deploy: sam build (the runtime's Python) -> zip and upload the function -> the stack, as a change set -> the
function's ARN into the manifest -> create or update the skill from the package -> enable it for testing ->
the stack again with the skill's id, which locks the function to the skill (Lambda permission and SKILL_ID).
Running it again updates both; the skill id, function ARN and bucket are kept in .deploy/<stack>.<region>.json
(git-ignored) and the skill id also in .ask/ask-states.json, where `npx ask dialog` looks for it.
--dry-run prints every step and calls nothing. --for-certification deploys what Amazon's certification can
accept (tools/listing.py): no cramp diary (CrampDiary=off), the listing saying so, real URLs required.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools import listing, skill_package
from tools.runtime_python import find as find_runtime_python
from tools.runtime_python import missing_message, runtime_version
from tools.stack import ALEXA_REGIONS, BUILD_DIR, FUNCTION, TABLE, Aws, DeployError

REPO = Path(__file__).resolve().parents[1]
STATE_DIR = REPO / ".deploy"


def default_stack_name() -> str:
    found = re.search(r'^stack_name\s*=\s*"([^"]+)"', (REPO / "samconfig.toml").read_text(), re.MULTILINE)
    return found.group(1) if found else "leg-cramp-helper"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("deploy", "destroy"))
    parser.add_argument(
        "--dry-run",
        action="store_true",
        default=os.environ.get("DRY_RUN") not in (None, "", "0"),
        help="print every step, call nothing (also DRY_RUN=1)",
    )
    parser.add_argument(
        "--region",
        default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        help="an Alexa-trigger region: " + ", ".join(ALEXA_REGIONS),
    )
    parser.add_argument("--profile", default=os.environ.get("AWS_PROFILE"), help="AWS profile")
    parser.add_argument("--ask-profile", default=os.environ.get("ASK_PROFILE", "default"), help="ASK CLI profile")
    parser.add_argument("--stack-name", default=default_stack_name())
    parser.add_argument(
        "--privacy-url",
        default=os.environ.get("PRIVACY_POLICY_URL"),
        help="where you published docs/privacy-policy.md (needed for certification)",
    )
    parser.add_argument(
        "--terms-url", default=os.environ.get("TERMS_OF_USE_URL"), help="where you published docs/terms-of-use.md"
    )
    parser.add_argument(
        "--for-certification",
        action="store_true",
        help="deploy: keep no cramp diary and list the skill as keeping no health data; "
        "real privacy and terms URLs required",
    )
    parser.add_argument("--delete-table", action="store_true", help="destroy: delete the users' table too")
    parser.add_argument("--keep-skill", action="store_true", help="destroy: leave the skill in the developer console")
    parser.add_argument("--build-dir", type=Path, default=BUILD_DIR, help="where sam build puts the function")
    parser.add_argument("--no-build", action="store_true", help="deploy what is already built in --build-dir")
    parser.add_argument(
        "--state-dir",
        type=Path,
        default=STATE_DIR,
        help="where the skill id and ARN are kept (.ask/ask-states.json goes beside it)",
    )
    arguments = parser.parse_args(argv)
    if arguments.region and arguments.region not in ALEXA_REGIONS:
        parser.error(f"--region {arguments.region}: Alexa triggers Lambda only in " + ", ".join(ALEXA_REGIONS))
    for name in ("privacy_url", "terms_url"):
        value = getattr(arguments, name)
        if value and not value.startswith("https://"):
            parser.error(f"--{name.replace('_', '-')} must be an https:// URL")
    return arguments


class State:
    """What the next run must find: the skill id, the function ARN, the artifacts bucket, the table."""

    def __init__(self, folder: Path, stack_name: str, region: str | None) -> None:
        self.path = folder / f"{stack_name}.{region or 'default-region'}.json"
        self.ask_states = folder.parent / ".ask" / "ask-states.json"
        self.values: dict[str, Any] = json.loads(self.path.read_text()) if self.path.is_file() else {}

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def save(self, **values: Any) -> None:
        self.values.update(values)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.values, indent=2, sort_keys=True) + "\n")
        if self.values.get("skill_id"):
            self.write_ask_states(self.values["skill_id"])

    def write_ask_states(self, skill_id: str) -> None:
        """The ASK CLI's own record of the skill, so `npx ask dialog` and `ask smapi` find it."""
        self.ask_states.parent.mkdir(exist_ok=True)
        self.ask_states.write_text(
            json.dumps({"askcliStatesVersion": "2020-03-31", "profiles": {"default": {"skillId": skill_id}}}, indent=2)
            + "\n"
        )

    def forget(self, keep: dict[str, Any]) -> None:
        """Everything but `keep` (a kept table, so a later --delete-table still finds it)."""
        self.ask_states.unlink(missing_ok=True)
        if keep:
            self.values = {}
            self.save(**keep)
        else:
            self.path.unlink(missing_ok=True)


class Steps:
    """Numbered steps, printed as they run; in a dry run printed and skipped."""

    def __init__(self, dry_run: bool) -> None:
        self.dry_run, self.number = dry_run, 0

    def run(self, title: str, detail: str, action: Callable[[], Any], would: Any = None) -> Any:
        self.number += 1
        print(f"[{self.number}] {title}: {detail}", flush=True)
        if self.dry_run:
            return would
        return action()


def deploy(options: argparse.Namespace) -> int:
    from tools import stack as stack_module
    from tools.smapi import AskCredentials, Smapi

    state = State(options.state_dir, options.stack_name, options.region)
    steps = Steps(options.dry_run)
    diary = "on"
    if options.for_certification:
        refused = listing.refusals(options.privacy_url, options.terms_url)
        if refused:
            raise DeployError("--for-certification refused: " + " ".join(refused))
        diary = listing.DIARY_OFF
    name, skill_id = options.stack_name, state.get("skill_id") or ""
    aws: Any = None  # both stay None in a dry run, where no action runs
    smapi: Any = None
    if options.dry_run:
        print(f"DRY RUN: nothing is built, uploaded or changed (state: {state.path})")
    else:
        aws = Aws.connect(options.region, options.profile)
        smapi = Smapi(AskCredentials.load(options.ask_profile))
    region = aws.region if aws else options.region or "<your default region>"

    version = runtime_version()
    python = find_runtime_python(version)
    if python is None:
        raise DeployError(missing_message(version))
    build_dir = options.build_dir.resolve()
    if options.no_build:
        function_dir = build_dir / FUNCTION
        if not (function_dir / "lambda_function.py").is_file() and not options.dry_run:
            raise DeployError(f"--no-build: nothing built in {build_dir}")
    else:
        function_dir = steps.run(
            "build",
            f"sam build with Python {version} ({python}) into {build_dir}",
            lambda: stack_module.sam_build(python, build_dir),
            would=build_dir / FUNCTION,
        )
    zip_path = steps.run(
        "package",
        "zip the built function (boto3 left to the runtime)",
        lambda: stack_module.zip_function(function_dir, build_dir / f"{FUNCTION}.zip"),
    )
    if zip_path:
        print(
            f"    {zip_path.stat().st_size / 1048576:.2f} MiB zipped, "
            f"{sum(1 for p in function_dir.rglob('*') if p.is_file())} files",
            flush=True,
        )
    bucket = state.get("bucket") or (
        f"{name}-artifacts-{aws.account()}-{region}" if aws else f"{name}-artifacts-<account>-{region}"
    )
    key = f"{name}/{stack_module.sha256(zip_path)}.zip" if zip_path else f"{name}/<sha256>.zip"

    def upload() -> None:
        aws.ensure_bucket(bucket)
        aws.upload(zip_path, bucket, key)
        state.save(bucket=bucket, stack_name=name, region=region)

    steps.run("upload", f"s3://{bucket}/{key} (bucket created if missing, public access blocked)", upload)

    def deploy_stack(with_skill_id: str) -> str:
        template = stack_module.cloudformation_template(f"s3://{bucket}/{key}", with_skill_id, diary)
        changed = aws.deploy_stack(name, template, with_skill_id, diary)
        arn = aws.function(name)["FunctionArn"]
        state.save(function_arn=arn, table=aws.physical_id(name, TABLE))
        print(f"    {'updated' if changed else 'no changes'}; function {arn}", flush=True)
        return arn

    lock = f"AlexaSkillId={skill_id}" if skill_id else "AlexaSkillId empty (no skill yet)"
    arn = steps.run(
        "stack",
        f"CloudFormation change set for stack {name} in {region}, {lock}, CrampDiary={diary}",
        lambda: deploy_stack(skill_id),
        would=state.get("function_arn") or "<function ARN>",
    )

    manifest = skill_package.filled_manifest(skill_package.read_manifest(), arn, options.privacy_url, options.terms_url)
    if options.for_certification:
        manifest = listing.without_diary(manifest)
        print("    listing for certification, no cramp diary kept; each language's privacy paragraph:", flush=True)
        described = {
            locale.split("-")[0]: info["description"].split("\n\n")[-1]
            for locale, info in manifest["manifest"]["publishingInformation"]["locales"].items()
        }
        for language, paragraph in sorted(described.items()):
            print(f"    [{language}] {paragraph}", flush=True)
    urls = "privacy/terms URLs " + (
        "set"
        if options.privacy_url and options.terms_url
        else "left out (fine while in development; set them before certification)"
    )
    package = steps.run(
        "manifest",
        f"endpoint {arn} for requests and events, {urls}",
        lambda: skill_package.zipped_package(manifest),
        would=b"",
    )

    def import_skill() -> str:
        known = skill_id if skill_id and smapi.skill_exists(skill_id) else None
        if skill_id and not known:
            print(f"    skill {skill_id} no longer exists; creating a new one", flush=True)
        location = smapi.upload(package)
        new_id = smapi.wait_for_import(smapi.import_package(location, known))
        state.save(skill_id=new_id)
        print(f"    skill {new_id}", flush=True)
        return new_id

    action = f"update skill {skill_id}" if skill_id else "create the skill"
    new_skill_id = steps.run(
        "skill",
        f"SMAPI: upload the skill package and import it ({action})",
        import_skill,
        would=skill_id or "<new skill id>",
    )
    steps.run(
        "enable",
        f"SMAPI: enable skill {new_skill_id} for testing (development stage)",
        lambda: smapi.enable_for_testing(new_skill_id),
    )

    def lock_function() -> None:
        if aws.function(name).get("Environment", {}).get("Variables", {}).get("SKILL_ID") == new_skill_id:
            print("    already locked to it", flush=True)
            return
        deploy_stack(new_skill_id)

    steps.run("lock", f"stack {name} with AlexaSkillId={new_skill_id} (Lambda permission and SKILL_ID)", lock_function)
    print(
        f"\nDone. Skill {new_skill_id} -> {arn}. Try it: npx ask dialog --locale en-US"
        if not options.dry_run
        else "\nDry run complete: run without --dry-run (or DRY_RUN) to deploy."
    )
    return 0


def destroy(options: argparse.Namespace) -> int:
    from tools.smapi import AskCredentials, Smapi

    state = State(options.state_dir, options.stack_name, options.region)
    steps = Steps(options.dry_run)
    name, skill_id = options.stack_name, state.get("skill_id")
    aws: Any = None if options.dry_run else Aws.connect(options.region, options.profile)
    table = state.get("table") or "<the stack's PreferencesTable>"
    if aws and aws.stack(name):
        table = aws.physical_id(name, TABLE)
        state.values["table"] = table
    if options.dry_run:
        print(f"DRY RUN: nothing is deleted (state: {state.path})")
    if skill_id and not options.keep_skill:
        steps.run(
            "skill",
            f"SMAPI: delete skill {skill_id}",
            lambda: Smapi(AskCredentials.load(options.ask_profile)).delete_skill(skill_id),
        )
    steps.run(
        "stack",
        f"delete stack {name} (function, role, log group, permission)",
        lambda: aws.delete_stack(name) if aws.stack(name) else print("    no such stack"),
    )
    if options.delete_table:
        steps.run("table", f"delete table {table} and every user's preferences", lambda: aws.delete_table(table))
    else:
        print(f"    table {table} kept (DeletionPolicy Retain); --delete-table deletes it")
    if state.get("bucket"):
        steps.run(
            "artifacts", f"empty and delete s3://{state.get('bucket')}", lambda: aws.delete_bucket(state.get("bucket"))
        )
    kept = {} if options.delete_table or not state.get("table") else {"table": state.get("table")}
    kept_note = " (the table kept)" if kept else ""
    steps.run(
        "state", f"forget the skill, stack and bucket in {state.path.name}{kept_note}", lambda: state.forget(kept)
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    options = parse_arguments(argv)
    try:
        return deploy(options) if options.command == "deploy" else destroy(options)
    except DeployError as error:
        print(f"\n{options.command} stopped: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        from tools.smapi import SmapiError

        if isinstance(error, SmapiError) or type(error).__module__.startswith(("botocore", "boto3")):
            print(f"\n{options.command} stopped: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
