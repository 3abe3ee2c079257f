"""Where the user's record lives: DynamoDB (PREFERENCES_TABLE set) or an embedded SQLite file.

`PREFERENCES_TABLE` set: DynamoDB through the SDK's own DynamoDbAdapter, created on first use so that
content turns never pay for boto3. Unset: a small embedded SQLite store at `PREFERENCES_DB`, so the
console simulator keeps preferences between runs with no cloud at all.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "data" / "preferences.sqlite3"
# Voice turns must answer within 8 s: fail fast rather than retry for long.
DYNAMODB_CLIENT_CONFIG = {"connect_timeout": 1.5, "read_timeout": 2.5,
                          "retries": {"max_attempts": 2, "mode": "standard"}}


def persistence_adapter_from_environment() -> AbstractPersistenceAdapter:
    """Our template's PREFERENCES_TABLE, or the table an Alexa-hosted skill is given; else SQLite."""
    table = os.environ.get("PREFERENCES_TABLE") or os.environ.get("DYNAMODB_PERSISTENCE_TABLE_NAME")
    if table:
        return LazyDynamoDbAdapter(table, region_from_environment())
    from .sqlite_store import SqlitePersistenceAdapter  # only where no table is configured

    return SqlitePersistenceAdapter(os.environ.get("PREFERENCES_DB") or default_db_path())


def region_from_environment() -> str | None:
    """The table's region: botocore reads AWS_DEFAULT_REGION but never AWS_REGION alone, so pass it on."""
    for name in ("DYNAMODB_PERSISTENCE_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return os.environ[name]
    return None


def default_db_path() -> Path:
    """data/ beside the code, except on Lambda (or any read-only package folder), where only /tmp is writable."""
    writable = DEFAULT_DB_PATH.parents[1]
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or not os.access(writable, os.W_OK):
        return Path(tempfile.gettempdir()) / "preferences.sqlite3"
    return DEFAULT_DB_PATH


class LazyDynamoDbAdapter(AbstractPersistenceAdapter):
    """The SDK's DynamoDbAdapter, built on first use.

    Importing `ask_sdk_dynamodb.adapter` builds a boto3 resource (about 0.4 s, and NoRegionError
    without a region), so it waits until a turn actually needs a preference. The region is passed
    explicitly; boto3 honours AWS_ENDPOINT_URL_DYNAMODB, which is how tests point it at a local server.
    """

    def __init__(self, table_name: str, region_name: str | None = None) -> None:
        self.table_name = table_name
        self.region_name = region_name
        self._adapter: Optional[AbstractPersistenceAdapter] = None

    @property
    def adapter(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            import boto3
            from botocore.config import Config

            # ask_sdk_dynamodb.adapter builds a resource from the default session at import: give it the region.
            boto3.setup_default_session(region_name=self.region_name)
            resource = boto3.resource("dynamodb", config=Config(**DYNAMODB_CLIENT_CONFIG))
            from ask_sdk_dynamodb.adapter import DynamoDbAdapter

            self._adapter = DynamoDbAdapter(table_name=self.table_name, dynamodb_resource=resource)
        return self._adapter

    def get_attributes(self, request_envelope):
        return self.adapter.get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.adapter.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        self.adapter.delete_attributes(request_envelope)
