"""A DynamoDB API on loopback for the benchmark: moto's server in a thread of the parent process.

The skill (in-process, or in a cold-start child) reaches it exactly as it reaches AWS: boto3 over
HTTP, pointed there by AWS_ENDPOINT_URL_DYNAMODB, with fake credentials and a region.
"""

from __future__ import annotations

import socket
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalDynamoDb:
    """A running moto server with one preferences table (partition key `id`, as template.yaml)."""

    def __init__(self, scratch: Path) -> None:
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.table_name = "bench-preferences-" + uuid.uuid4().hex[:8]
        self._scratch = scratch
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def __enter__(self) -> LocalDynamoDb:
        self._server.start()
        self._resource().create_table(
            TableName=self.table_name,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.stop()

    def environment(self) -> dict[str, str]:
        """What a process needs to reach this server (and nothing of the user's own AWS setup)."""
        nowhere = str(self._scratch / "no-aws-config")
        return {
            "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_CONFIG_FILE": nowhere,
            "AWS_SHARED_CREDENTIALS_FILE": nowhere,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def save(self, request_envelope: Any, attributes: Mapping[str, Any]) -> None:
        """Store a user's preferences in the skill's layout (partition key `id`, the record as the
        `attributes` map), on a boto3 session of its own so the skill's request counting never sees it."""
        from cramp_helper.store_keys import user_id_of

        self._resource().Table(self.table_name).put_item(
            Item={"id": user_id_of(request_envelope), "attributes": dict(attributes)}
        )

    def _resource(self) -> Any:
        import boto3

        return boto3.session.Session(
            aws_access_key_id="bench", aws_secret_access_key="bench", region_name=REGION
        ).resource("dynamodb", endpoint_url=self.endpoint)


def scratch_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="cramp-bench-"))
