"""The user's record in DynamoDB, written only over the version it was read at.

The SDK's DynamoDbAdapter writes with an unconditional put_item: two devices of one user saving at
once silently lose one write. This adapter keeps its layout (partition key `id`, the record as the
`attributes` map) but counts writes in `attributes.version` and writes with a ConditionExpression on
it, so a write made from a stale read fails as `StaleWrite` and the caller re-reads. It updates only
the `attributes` map, so what an operator keeps beside it on the item (a TTL) stays. Reads are
strongly consistent, or a re-read could still be stale. boto3 is imported on first use only.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from .stores import StaleWrite, bounded, dynamodb_client_config, user_id_of

VERSION = "version"


class VersionedDynamoDbAdapter(AbstractPersistenceAdapter):
    """get/save/delete of one user's record with optimistic concurrency (see module docstring)."""

    def __init__(
        self, table_name: str, key_name: str = "id", attribute_name: str = "attributes", region_name: str | None = None
    ) -> None:
        self.table_name, self.key_name, self.attribute_name = table_name, key_name, attribute_name
        self.region_name = region_name  # botocore never reads AWS_REGION alone: stores.region_from_environment
        self._table: Any = None
        # A version another writer stored as something other than a count ("3", -1, 2.5, true), as read,
        # per user: the next write is conditional on exactly that value and repairs it, instead of never
        # matching again.
        self._malformed_versions: dict[str, Any] = {}

    @property
    def table(self) -> Any:
        if self._table is None:
            import boto3

            resource = boto3.resource("dynamodb", region_name=self.region_name, config=dynamodb_client_config())
            resource.meta.client.meta.events.register("after-call.dynamodb.GetItem", _refuse_unreadable_answers)
            self._table = resource.Table(self.table_name)
        return self._table

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = {self.key_name: user_id_of(request_envelope)}
        item = self._call(lambda: self.table.get_item(Key=key, ConsistentRead=True)).get("Item") or {}
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
        self._call(lambda: self.table.update_item(**arguments))
        attributes[VERSION] = expected + 1

    def delete_attributes(self, request_envelope: Any) -> None:
        """Unconditional: 'delete my data' must work whatever state the record is in."""
        key = {self.key_name: user_id_of(request_envelope)}
        self._call(lambda: self.table.delete_item(Key=key))

    def _call(self, call: Any) -> Any:
        """A DynamoDB call within the turn's budget; every failure a PersistenceException."""
        try:
            return bounded(call)
        except PersistenceException:
            raise
        except Exception as error:  # botocore's ClientError, BotoCoreError, NoRegionError...
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code == "ConditionalCheckFailedException":
                raise StaleWrite("the record changed since it was read") from error
            raise PersistenceException(f"DynamoDB failed: {code or type(error).__name__}") from error


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
