"""The libraries' debug logs carry what a privacy review forbids: botocore logs every DynamoDB request and
response (the user id, the diary, the reminder token) and urllib3 every URL (the Settings API's path names the
device). Those loggers are held at INFO, whatever level the root logger is given, and a filter on the root's
handlers drops any library DEBUG record that still reaches them; the libraries' warnings still pass."""

from __future__ import annotations

import logging

LIBRARIES = ("botocore", "boto3", "urllib3", "s3transfer")


class NoLibraryDebug(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG or not record.name.startswith(LIBRARIES)


_FILTER = NoLibraryDebug()


def quiet_library_logs() -> None:
    """Idempotent: hold the library loggers at INFO and filter the root's handlers."""
    for name in LIBRARIES:
        library = logging.getLogger(name)
        if library.level == logging.NOTSET or library.level < logging.INFO:
            library.setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
