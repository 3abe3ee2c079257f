"""The user's record in DynamoDB, written only over the version it was read at.

The SDK's DynamoDbAdapter writes with an unconditional put_item: two devices of one user saving at
once silently lose one write. This adapter keeps its layout (partition key `id`, the record as the
`attributes` map) but counts writes in `attributes.version` and writes with a ConditionExpression on
it, so a write made from a stale read fails as `StaleWrite` and the caller re-reads. It updates only
the `attributes` map, so what an operator keeps beside it on the item (a TTL) stays. Reads are
strongly consistent, or a re-read could still be stale. boto3 is imported on first use only.

Every call ends within the turn's budget (deadline.py) through botocore's own timeouts: each call goes
through a client whose connect and read timeouts fit in the time left (one client per tenth of a second of
read timeout, so a process makes one or two). botocore's retries are off, since they would wait and retry
with the client's fixed timeouts past the turn's end; a fast transient failure (throttling, a refused
connection) is tried once more here, with the time then left. botocore's read timeout is per socket read,
so a DynamoDB trickling bytes could outlast it; DynamoDB answers whole or not at all.
"""

from __future__ import annotations

import json
import random
import time
from decimal import Decimal
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from . import deadline
from .store_keys import VERSION_KEY as VERSION
from .store_keys import StaleWrite, user_id_of

STEP = 0.1  # read timeouts in tenths of a second, so few clients are made
CONNECT_SECONDS = 0.1  # DynamoDB in the function's region connects (TCP and TLS) in milliseconds
MAX_READ_STEPS = 30  # 3 s: a slow (2 s) DynamoDB is waited for, even twice in one turn
TRANSIENT = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "EndpointConnectionError",
        "ConnectionClosedError",
    }
)


class VersionedDynamoDbAdapter(AbstractPersistenceAdapter):
    """get/save/delete of one user's record with optimistic concurrency (see module docstring)."""

    def __init__(
        self, table_name: str, key_name: str = "id", attribute_name: str = "attributes", region_name: str | None = None
    ) -> None:
        self.table_name, self.key_name, self.attribute_name = table_name, key_name, attribute_name
        self.region_name = region_name  # botocore never reads AWS_REGION alone: stores.region_from_environment
        self._tables: dict[tuple[float, float], Any] = {}
        # A version another writer stored as something other than a count ("3", -1, 2.5, true), as read,
        # per user: the next write is conditional on exactly that value and repairs it, instead of never
        # matching again.
        self._malformed_versions: dict[str, Any] = {}

    def table(self, seconds: float) -> Any:
        """The table through a client that connects and reads within `seconds` (one client per step)."""
        timeouts = call_timeouts(seconds)
        if timeouts not in self._tables:
            import boto3
            from botocore.config import Config

            config = Config(connect_timeout=timeouts[0], read_timeout=timeouts[1], retries={"total_max_attempts": 1})
            resource = boto3.resource("dynamodb", region_name=self.region_name, config=config)
            resource.meta.client.meta.events.register("after-call.dynamodb.GetItem", _refuse_unreadable_answers)
            self._tables[timeouts] = resource.Table(self.table_name)
        return self._tables[timeouts]

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = {self.key_name: user_id_of(request_envelope)}
        item = self._call(lambda table: table.get_item(Key=key, ConsistentRead=True)).get("Item") or {}
        document = item.get(self.attribute_name)
        document = dict(document) if isinstance(document, dict) else {}
        if VERSION in document and not _is_count(document[VERSION]):
            self._malformed_versions[key[self.key_name]] = document[VERSION]
        else:
            self._malformed_versions.pop(key[self.key_name], None)
        document[VERSION] = _version(document)
        return document

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        """Write version+1 only if the stored version is still the one read; on success the caller's
        dict carries the new version, so a second save in the same turn follows on from it."""
        expected = _version(attributes)
        document = _storable({**attributes, VERSION: expected + 1})
        names = {"#a": self.attribute_name, "#v": VERSION}
        user_id = user_id_of(request_envelope)
        malformed = self._malformed_versions.pop(user_id, _NONE)
        if malformed is not _NONE:
            condition, values = "#a.#v = :expected", {":expected": _storable(malformed)}
        elif expected == 0:
            condition, values = "attribute_not_exists(#a.#v)", None
        else:
            condition, values = "#a.#v = :expected", {":expected": expected}
        arguments: dict[str, Any] = {
            "Key": {self.key_name: user_id},
            "UpdateExpression": "SET #a = :document",
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {**(values or {}), ":document": document},
        }
        self._call(lambda table: table.update_item(**arguments))
        attributes[VERSION] = expected + 1

    def delete_attributes(self, request_envelope: Any) -> None:
        """Unconditional: 'delete my data' must work whatever state the record is in."""
        key = {self.key_name: user_id_of(request_envelope)}
        self._call(lambda table: table.delete_item(Key=key))

    def _call(self, call: Any) -> Any:
        """A DynamoDB call within the turn's budget, a fast transient failure tried once more; every failure
        a PersistenceException."""
        try:
            return self._attempt(call)
        except TransientFailure:
            time.sleep(random.uniform(0.02, 0.1))  # a brief, jittered pause, as botocore's own retry makes
            return self._attempt(call)

    def _attempt(self, call: Any) -> Any:
        try:
            return call(self.table(deadline.require()))
        except deadline.BudgetExhausted as error:
            raise PersistenceException(f"The store did not answer in time: {error}") from error
        except Exception as error:  # botocore's ClientError, BotoCoreError, NoRegionError...
            code = _error_code(error)
            if code == "ConditionalCheckFailedException":
                raise StaleWrite("the record changed since it was read") from error
            failure = TransientFailure if code in TRANSIENT else PersistenceException
            raise failure(f"DynamoDB failed: {code}") from error


def _error_code(error: Exception) -> str:
    """DynamoDB's error code (ClientError), else the exception's name (a refused connection, a timeout)."""
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return str(code or type(error).__name__)


class TransientFailure(PersistenceException):
    """Throttling, a refused or dropped connection: worth one more try while the turn has time."""


def call_timeouts(seconds: float) -> tuple[float, float]:
    """(connect, read) timeouts that together fit in `seconds`, the read in whole steps; BudgetExhausted
    when not even one step is left to read."""
    read = min(MAX_READ_STEPS, int((seconds - CONNECT_SECONDS) / STEP))
    if read < 1:
        raise deadline.BudgetExhausted("too little of the turn is left for a DynamoDB call")
    return CONNECT_SECONDS, round(read * STEP, 1)


_NONE = object()


class UnreadableAnswer(Exception):
    """DynamoDB's 200 was not a JSON object (cut short on the way): not the same as "no record"."""


def _refuse_unreadable_answers(http_response: Any, **_: Any) -> None:
    """botocore reads a GetItem answer it cannot parse as an empty one, which would make a returning
    user look new; a 200 must be a whole JSON object."""
    if http_response.status_code != 200:
        return
    try:
        whole = isinstance(json.loads(http_response.content or b"null"), dict)
    except ValueError:
        whole = False
    if not whole:
        raise UnreadableAnswer("DynamoDB's answer was not a whole JSON object")


def _is_count(value: Any) -> bool:
    """A version as this skill writes it: a whole number, not negative (DynamoDB hands back Decimal)."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 0 and value == int(value)


def _version(document: dict[str, Any]) -> int:
    value = document.get(VERSION, 0)
    try:
        return max(0, int(value)) if not isinstance(value, bool) else 0
    except (TypeError, ValueError):
        return 0


def _storable(value: Any) -> Any:
    """boto3 refuses floats: numbers go in as Decimal."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {key: _storable(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_storable(inner) for inner in value]
    return value
