"""What both stores share, below either of them: the user's key, and the failure of a write made over a newer record."""

from __future__ import annotations

from typing import Any

from ask_sdk_core.exceptions import PersistenceException

VERSION_KEY = "version"  # in the stored record: how many times a store wrote it (optimistic concurrency)


class StaleWrite(PersistenceException):
    """The record changed since it was read (another device saved first): re-read, never overwrite."""


def user_id_of(request_envelope: Any) -> str:
    """The same key the SDK's DynamoDB adapter uses by default."""
    try:
        return str(request_envelope.context.system.user.user_id)
    except AttributeError as error:
        raise PersistenceException("Request envelope has no user id") from error
