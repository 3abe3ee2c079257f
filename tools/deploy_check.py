"""What `make deploy` needs, checked before anything is installed or built (the standard library only, so it
runs on a fresh clone in a second).

    python3 -m tools.deploy_check [--dry-run] [--region R] [--profile P] [--ask-profile A] [other deploy options]

A real run needs AWS credentials (environment keys, a profile in ~/.aws, or a role the machine has), a region
where Lambda offers the Alexa trigger, and the ASK CLI's login (`make ask-configure`, or ASK_REFRESH_TOKEN and
ASK_VENDOR_ID). Each missing one is named with how to provide it; exit 1. With --dry-run it says what a real
run would need and exits 0.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import sys
from pathlib import Path

from tools import listing
from tools.stack import ALEXA_REGIONS

ROLE_VARIABLES = (
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
)
PROFILE_KEYS = ("aws_access_key_id", "sso_session", "sso_start_url", "role_arn", "credential_process")


def _ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        pass  # an unreadable file names nothing; the message below says what is missing
    return parser


def aws_profile_section(profile: str) -> dict[str, str]:
    """The profile's settings from ~/.aws/credentials and ~/.aws/config (or the files AWS_*_FILE name)."""
    home = Path.home() / ".aws"
    credentials = _ini(Path(os.environ.get("AWS_SHARED_CREDENTIALS_FILE", home / "credentials")))
    config = _ini(Path(os.environ.get("AWS_CONFIG_FILE", home / "config")))
    found: dict[str, str] = {}
    for parser, section in (
        (config, profile if profile == "default" else f"profile {profile}"),
        (credentials, profile),
    ):
        if parser.has_section(section):
            found.update(parser.items(section))
    return found


def missing(region: str | None, profile: str | None, ask_profile: str) -> list[str]:
    """What a real deploy lacks, each with how to provide it; empty when everything is there."""
    problems = []
    settings = aws_profile_section(profile or "default")
    has_keys = bool(os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"))
    if not (
        has_keys or any(os.environ.get(name) for name in ROLE_VARIABLES) or any(key in settings for key in PROFILE_KEYS)
    ):
        where = f"profile {profile!r}" if profile else "the default profile"
        problems.append(
            f"AWS credentials: none found ({where}). Run `aws configure`, set AWS_ACCESS_KEY_ID and "
            'AWS_SECRET_ACCESS_KEY, or name a profile with AWS_PROFILE=... or ARGS="--profile ...".'
        )
    region = region or settings.get("region")
    if not region:
        problems.append(
            'AWS region: none set. Use AWS_REGION=us-east-1 (or ARGS="--region ..."); Alexa can '
            "trigger Lambda in " + ", ".join(ALEXA_REGIONS) + "."
        )
    elif region not in ALEXA_REGIONS:
        problems.append(f"AWS region {region}: Alexa triggers Lambda only in " + ", ".join(ALEXA_REGIONS) + ".")
    if os.environ.get("ASK_REFRESH_TOKEN") or os.environ.get("ASK_ACCESS_TOKEN"):
        if not os.environ.get("ASK_VENDOR_ID"):
            problems.append(
                "ASK vendor id: ASK_VENDOR_ID is not set (developer.amazon.com → Settings → My IDs → Vendor ID)."
            )
    else:
        config = Path.home() / ".ask" / "cli_config"
        try:
            entry = json.loads(config.read_text(encoding="utf-8"))["profiles"][ask_profile]
        except (OSError, KeyError, ValueError, TypeError):
            entry = None
        if not isinstance(entry, dict) or not (entry.get("token") or {}).get("refresh_token"):
            problems.append(
                f"Amazon developer login: no ASK CLI profile {ask_profile!r} in {config}. Run "
                "`make ask-configure` once, or set ASK_REFRESH_TOKEN and ASK_VENDOR_ID."
            )
        elif not entry.get("vendor_id"):
            problems.append(
                f"ASK vendor id: profile {ask_profile!r} has none; run `make ask-configure` again, "
                "or set ASK_VENDOR_ID."
            )
    return problems


NEEDS = (
    "AWS credentials (`aws configure`, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
    "an AWS region where Alexa can trigger Lambda (" + ", ".join(ALEXA_REGIONS) + "), e.g. AWS_REGION=us-east-1",
    "the ASK CLI's login (`make ask-configure` once), or ASK_REFRESH_TOKEN and ASK_VENDOR_ID",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", default=os.environ.get("DRY_RUN") not in (None, "", "0"))
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    parser.add_argument("--profile", default=os.environ.get("AWS_PROFILE"))
    parser.add_argument("--ask-profile", default=os.environ.get("ASK_PROFILE", "default"))
    parser.add_argument("--for-certification", action="store_true")
    parser.add_argument("--privacy-url", default=os.environ.get("PRIVACY_POLICY_URL"))
    parser.add_argument("--terms-url", default=os.environ.get("TERMS_OF_USE_URL"))
    options, _ = parser.parse_known_args(argv)  # the deploy's other options are the deploy's business
    if options.for_certification:  # refused even in a dry run: this listing must never carry placeholders
        skill_json = json.loads((listing.REPO / "skill-package" / "skill.json").read_text(encoding="utf-8"))
        refused = listing.refusals(options.privacy_url, options.terms_url) + [
            f"icon {icon}: not in skill-package/" for icon in listing.missing_icons(skill_json)
        ]
        if refused:
            print("make deploy --for-certification refused:", file=sys.stderr)
            for problem in refused:
                print(f"  - {problem}", file=sys.stderr)
            return 1
    problems = missing(options.region, options.profile, options.ask_profile)
    if options.dry_run:
        print("A real `make deploy` needs: " + "; ".join(NEEDS) + ".")
        for problem in problems:
            print(f"  not found here: {problem}")
        return 0
    if problems:
        print("make deploy stopped before installing anything:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
