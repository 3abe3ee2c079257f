"""Where the user's record lives: DynamoDB (PREFERENCES_TABLE set) or an embedded SQLite file.

`PREFERENCES_TABLE` set: DynamoDB through the SDK's own DynamoDbAdapter, created on first use so that
content turns never pay for boto3. Unset: a small embedded SQLite store at `PREFERENCES_DB`, so the
console simulator keeps preferences between runs with no cloud at all.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import deadline

DEFAULT_DB_PATH = Path(__file__).resolve().parents[2] / "data" / "preferences.sqlite3"
# A turn answers within 5 s (deadline.py). DynamoDB answers in milliseconds when well, so: two attempts,
# each at most 0.5 s to connect and 1.2 s per read, plus at most 1 s of (throttling) backoff: 4.4 s in
# the worst case, and every call is cut off anyway when the turn's budget runs out.
DYNAMODB_CLIENT_CONFIG = {"connect_timeout": 0.5, "read_timeout": 1.2,
                          "retries": {"max_attempts": 2, "mode": "standard"}}


def persistence_adapter_from_environment() -> AbstractPersistenceAdapter:
    table = os.environ.get("PREFERENCES_TABLE")
    if table:
        return LazyDynamoDbAdapter(table)
    from .sqlite_store import SqlitePersistenceAdapter  # only where no table is configured

    return SqlitePersistenceAdapter(os.environ.get("PREFERENCES_DB") or DEFAULT_DB_PATH)


class LazyDynamoDbAdapter(AbstractPersistenceAdapter):
    """The SDK's DynamoDbAdapter, built on first use.

    Importing `ask_sdk_dynamodb.adapter` builds a boto3 resource (about 0.4 s, and NoRegionError
    without a region), so it waits until a turn actually needs a preference. boto3 honours
    AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB, which is how tests point it at a local server.
    """

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name
        self._adapter: Optional[AbstractPersistenceAdapter] = None

    @property
    def adapter(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            import boto3
            from botocore.config import Config

            resource = boto3.resource("dynamodb", config=Config(**DYNAMODB_CLIENT_CONFIG))
            from ask_sdk_dynamodb.adapter import DynamoDbAdapter

            self._adapter = DynamoDbAdapter(table_name=self.table_name, dynamodb_resource=resource)
        return self._adapter

    def get_attributes(self, request_envelope):
        return bounded(lambda: self.adapter.get_attributes(request_envelope))

    def save_attributes(self, request_envelope, attributes):
        bounded(lambda: self.adapter.save_attributes(request_envelope, attributes))

    def delete_attributes(self, request_envelope):
        bounded(lambda: self.adapter.delete_attributes(request_envelope))


def bounded(call):
    """A store call within the turn's remaining budget; running out is a PersistenceException like any
    other store failure, so the turn apologises with the saved record untouched."""
    try:
        return deadline.run_within(call, deadline.require())
    except deadline.BudgetExhausted as error:
        raise PersistenceException(f"The store did not answer in time: {error}") from error
