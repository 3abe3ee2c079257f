"""What a JSON value sent by Alexa or read from a store is, checked the one way the skill checks it: a bool
is never a number here (JSON's true is not 1), whatever Python's `bool` subclassing `int` says."""

from __future__ import annotations

from typing import Any, TypeGuard


def is_a(value: Any, kind: type | None) -> bool:
    """Is `value` of JSON type `kind` (str, int, bool, dict, list)? None: no type is expected."""
    if kind is None:
        return False
    if kind is int:
        return is_int(value)
    return isinstance(value, kind)


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
