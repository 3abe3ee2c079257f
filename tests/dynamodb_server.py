"""A real DynamoDB API on loopback (moto's server mode) for the preference tests.

The skill reaches it exactly as it reaches AWS: boto3 over HTTP, pointed by AWS_ENDPOINT_URL_DYNAMODB.
"""
from __future__ import annotations

import socket
import uuid
from typing import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def dynamodb_table(dynamodb_endpoint, monkeypatch):
    """A fresh preferences table (partition key `id`, as template.yaml makes it); the skill is
    configured to use it through PREFERENCES_TABLE."""
    for name, value in {"AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint, "AWS_REGION": REGION,
                        "AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = "prefs-" + uuid.uuid4().hex[:8]
    table = boto3.resource("dynamodb", region_name=REGION, endpoint_url=dynamodb_endpoint).create_table(
        TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    monkeypatch.setenv("PREFERENCES_TABLE", name)
    return table
