"""Pytest fixtures for the local Alexa API stand-in (simulator.alexa_api.AlexaApiStandIn).

Enable in tests/conftest.py with `pytest_plugins = ["tests.fixtures_alexa_api"]`, then:

    def test_something(alexa_api, alexa_device):
        alexa_api.grant_reminders(alexa_device.api_access_token)
        Conversation(device=alexa_device) ...         # the skill's API calls reach the stand-in

One server runs for the whole session; each test gets it reset (no reminders, grants, injected
failures or log) and REQUESTS_CA_BUNDLE pointing at its certificate.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

from simulator.alexa_api import DEFAULT_ACCESS_TOKEN, AlexaApiStandIn
from simulator.envelopes import Device


@pytest.fixture(scope="session")
def alexa_api_server() -> Iterator[AlexaApiStandIn]:
    with AlexaApiStandIn() as server:
        yield server


@pytest.fixture
def alexa_api(alexa_api_server: AlexaApiStandIn, monkeypatch: pytest.MonkeyPatch) -> Iterator[AlexaApiStandIn]:
    """The stand-in, fresh for this test (time zone America/New_York), trusted by `requests`."""
    alexa_api_server.reset()
    alexa_api_server.set_time_zone("America/New_York")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", alexa_api_server.ca_bundle)
    yield alexa_api_server
    alexa_api_server.reset()


@pytest.fixture
def alexa_device(alexa_api: AlexaApiStandIn) -> Device:
    """A device whose request envelopes send the skill's Alexa API calls to the stand-in."""
    return Device(api_endpoint=alexa_api.endpoint)


def service_client_factory(
    api: AlexaApiStandIn, api_client: object | None = None, token: str = DEFAULT_ACCESS_TOKEN
) -> ServiceClientFactory:
    """The SDK's own service clients, pointed at the stand-in as a skill's would be."""
    return ServiceClientFactory(
        ApiConfiguration(
            serializer=DefaultSerializer(),
            api_client=api_client or DefaultApiClient(),
            authorization_value=token,
            api_endpoint=api.endpoint,
        )
    )
