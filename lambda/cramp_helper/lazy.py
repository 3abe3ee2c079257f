"""Modules loaded on first use, so what only some turns need stays off every cold start.

A content turn ("my calf is cramping") reads nothing stored, yet the handlers that do (reminders, the
diary, the pace) are registered in every process. Their store-side modules (the typed record, the diary's
rules, the reminder client) cost a cold start about 15 ms (`make bench`), so those handlers name them here
and a content turn never runs them. This is the standard library's recipe (`importlib.util.LazyLoader`):
the module object exists at once and runs on its first attribute access. Use it as

    if TYPE_CHECKING:
        from .. import preferences
    else:
        preferences, = on_first_use("preferences")

so type checkers see an ordinary import (Python 3.15's `lazy import`, PEP 810, will say the same in one line).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

# Before 3.13 a second thread touching a module while the first one runs it could see it half-made
# (CPython gh-114763); the Lambda runtime is 3.13, where cold starts matter.
LAZY_LOADER_THREAD_SAFE = (3, 13)


def on_first_use(*names: str) -> tuple[ModuleType, ...]:
    """This package's modules `names` ("preferences", "reminder_api"), each run on its first attribute access."""
    return tuple(_deferred(f"{__package__}.{name}") for name in names)


def _deferred(name: str) -> ModuleType:
    if name in sys.modules:  # already loaded (or already deferred): the one module object
        return sys.modules[name]
    if sys.version_info < LAZY_LOADER_THREAD_SAFE:  # a threaded web service on an older Python: load at once
        return importlib.import_module(name)
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # `from . import preferences` finds it, still deferred
    return module
