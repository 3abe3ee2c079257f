"""skill.json as SMAPI's own manifest model would accept it: every enum-valued field is one of the enum's
values in `ask-smapi-model` (checked by name; the package's deserialiser does not know every interface type,
so deserialising would reject valid manifests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ask_smapi_model.v1.skill.manifest.distribution_countries import DistributionCountries
from ask_smapi_model.v1.skill.manifest.distribution_mode import DistributionMode
from ask_smapi_model.v1.skill.manifest.event_name_type import EventNameType
from ask_smapi_model.v1.skill.manifest.interface_type import InterfaceType
from ask_smapi_model.v1.skill.manifest.permission_name import PermissionName
from ask_smapi_model.v1.skill.manifest.viewport_mode import ViewportMode
from ask_smapi_model.v1.skill.manifest.viewport_shape import ViewportShape

MANIFEST = json.loads((Path(__file__).resolve().parents[1] / "skill-package" / "skill.json").read_text())["manifest"]


def values(enum: type) -> set[str]:
    return {member.value for member in enum}  # type: ignore[attr-defined]


def test_every_interface_is_a_type_smapi_knows():
    declared = {interface["type"] for interface in MANIFEST["apis"]["custom"]["interfaces"]}
    assert declared <= values(InterfaceType), declared - values(InterfaceType)
    assert "ALEXA_PRESENTATION_APL" in declared  # screens, and (Amazon's docs) character displays too


def test_every_viewport_has_a_mode_and_shape_smapi_knows():
    viewports = [
        viewport
        for interface in MANIFEST["apis"]["custom"]["interfaces"]
        for viewport in interface.get("supportedViewports", [])
    ]
    assert viewports
    for viewport in viewports:
        assert viewport["mode"] in values(ViewportMode) and viewport["shape"] in values(ViewportShape), viewport


def test_permissions_events_and_distribution_are_smapi_values():
    assert {permission["name"] for permission in MANIFEST["permissions"]} <= values(PermissionName)
    assert {event["eventName"] for event in MANIFEST["events"]["subscriptions"]} <= values(EventNameType)
    publishing = MANIFEST["publishingInformation"]
    assert publishing["distributionMode"] in values(DistributionMode)
    assert set(publishing["distributionCountries"]) <= values(DistributionCountries)


@pytest.mark.parametrize("wrong", ["ALEXA_PRESENTATION_APLT", "ALEXA_PRESENTATION_APLA"])
def test_the_check_would_catch_an_interface_type_that_does_not_exist(wrong: str):
    assert wrong not in values(InterfaceType)
