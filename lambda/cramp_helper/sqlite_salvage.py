"""Rows read straight from the pages of a damaged SQLite file, for `sqlite_store` to keep.

SQLite cannot open a file whose header is zeroed, and stops a table scan at the first missing page of
a truncated one, so one damaged page would cost every user their record. Each table leaf page holds
whole rows, though, so reading every page that still parses as one (the file format's documented
layout: https://www.sqlite.org/fileformat2.html) recovers every row whose pages survive. Python's
`sqlite3` has no recovery API, and the `sqlite3` shell's `.recover` is not on every machine.
"""

from __future__ import annotations

from collections.abc import Iterator

TABLE_LEAF = 0x0D
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
HEADER = b"SQLite format 3\x00"


def rows(data: bytes, columns: int) -> Iterator[list[object]]:
    """Every readable row of `columns` values (text, integers, None) in any table leaf page of `data`."""
    size = _page_size(data)
    usable = size - (data[20] if data.startswith(HEADER) else 0)
    for number in range(1, len(data) // size + 1):
        page = data[(number - 1) * size : number * size]
        start = 100 if number == 1 else 0
        if len(page) < size or page[start] != TABLE_LEAF:
            continue
        cells = int.from_bytes(page[start + 3 : start + 5], "big")
        for index in range(cells):
            pointer = int.from_bytes(page[start + 8 + 2 * index : start + 10 + 2 * index], "big")
            try:
                values = _record(_payload(data, page, pointer, size, usable))
            except (IndexError, ValueError):
                continue
            if values is not None and len(values) == columns:
                yield values


def _page_size(data: bytes) -> int:
    """The header's page size, or (header gone) the size at which the most pages parse as leaves."""
    if data.startswith(HEADER):
        stated = int.from_bytes(data[16:18], "big")
        return 65536 if stated == 1 else stated
    return max(PAGE_SIZES, key=lambda size: sum(data[offset] == TABLE_LEAF for offset in range(size, len(data), size)))


def _payload(data: bytes, page: bytes, pointer: int, size: int, usable: int) -> bytes:
    """A leaf cell's whole payload, following its overflow pages."""
    length, at = _varint(page, pointer)
    _, at = _varint(page, at)  # the rowid
    most = usable - 35
    least = (usable - 12) * 32 // 255 - 23
    local = length
    if length > most:
        local = least + (length - least) % (usable - 4)
        local = local if local <= most else least
    payload = bytearray(page[at : at + local])
    if length > local:
        following = int.from_bytes(page[at + local : at + local + 4], "big")
        seen = set()
        while following and len(payload) < length:
            if following in seen or following * size > len(data):
                raise ValueError("overflow chain broken")
            seen.add(following)
            overflow = data[(following - 1) * size : following * size]
            following = int.from_bytes(overflow[:4], "big")
            payload += overflow[4:usable]
    if len(payload) < length:
        raise ValueError("payload cut short")
    return bytes(payload[:length])


def _record(payload: bytes) -> list[object] | None:
    header_size, at = _varint(payload, 0)
    kinds = []
    while at < header_size:
        kind, at = _varint(payload, at)
        kinds.append(kind)
    values: list[object] = []
    at = header_size
    for kind in kinds:
        if kind == 0:
            values.append(None)
        elif 1 <= kind <= 6:
            width = (1, 2, 3, 4, 6, 8)[kind - 1]
            values.append(int.from_bytes(payload[at : at + width], "big", signed=True))
            at += width
        elif kind in (8, 9):
            values.append(kind - 8)
        elif kind >= 13 and kind % 2:
            width = (kind - 13) // 2
            values.append(payload[at : at + width].decode("utf-8"))
            at += width
        else:
            return None  # floats and blobs: not a row of the preferences table
    return values if at <= len(payload) else None


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for index in range(9):
        byte = data[at + index]
        if index == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + index + 1
    raise ValueError("varint")  # unreachable: the loop returns by its ninth byte
