"""The three places the skill reaches into a maintained library's private names still reach something.

Each shortcut is justified where it is made (`serializer.py` with its `make bench` figure; `preferences.py`,
since the SDK offers no way to read the record afresh in a turn; `webservice/app.py`, since flask-ask-sdk
offers no way to choose its verifiers). If a new release renames what they use, these fail with the reason,
instead of the skill silently losing the speed or the fresh read."""

from __future__ import annotations

import json
import subprocess
import sys

from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from cramp_helper.serializer import EnvelopeSerializer
from simulator.envelopes import Device, envelope, intent_request
from webservice.app import VerifyingSkillAdapter  # first: it points oscrypto at this machine's OpenSSL

READ_WITHOUT_DATEUTIL = """
import json, sys
from ask_sdk_model import RequestEnvelope
from cramp_helper.serializer import EnvelopeSerializer
request = EnvelopeSerializer().deserialize(json.loads(sys.stdin.read()), RequestEnvelope)
assert request.request.timestamp.year == 2026, request.request.timestamp
print("dateutil.parser" in sys.modules)
"""


def test_the_serializer_reads_timestamps_natively_through_the_sdks_private_hook():
    assert hasattr(DefaultSerializer, "_DefaultSerializer__deserialize"), "ask-sdk-core renamed its deserializer"
    assert hasattr(DefaultSerializer, "_DefaultSerializer__deserialize_datetime"), (
        "ask-sdk-core renamed its date parser hook: EnvelopeSerializer's override would never be called"
    )
    event = envelope(intent_request("CrampNowIntent"), Device())
    completed = subprocess.run(
        [sys.executable, "-c", READ_WITHOUT_DATEUTIL],
        input=json.dumps(event),
        capture_output=True,
        text=True,
        check=True,
        cwd="lambda",
    )
    assert completed.stdout.strip() == "False", "a turn's envelope was read with dateutil's parser"
    assert isinstance(EnvelopeSerializer(), DefaultSerializer)


def test_the_attributes_manager_still_caches_the_record_under_the_name_preferences_resets():
    event = envelope(intent_request("CrampNowIntent"), Device())
    manager = AttributesManager(request_envelope=EnvelopeSerializer().deserialize(event, RequestEnvelope))
    assert hasattr(manager, "_persistent_attributes_set"), (
        "ask-sdk-core renamed its record cache flag: preferences.reload would return the turn's first read"
    )


def test_flask_ask_sdk_still_builds_its_handler_where_the_web_service_chooses_the_verifiers():
    from flask_ask_sdk.skill_adapter import SkillAdapter

    assert "_create_webservice_handler" in vars(SkillAdapter), (
        "flask-ask-sdk renamed _create_webservice_handler: its own verifiers and 500s would come back"
    )
    assert "_create_webservice_handler" in vars(VerifyingSkillAdapter)
