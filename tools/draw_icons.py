"""Draw the skill's two icons (108x108 and 512x512 PNG, as Alexa asks) from code: a crescent moon over a
calf and foot pulled up into a stretch, on a night-blue ground. Our own artwork, reproducible byte for byte.

    python -m tools.draw_icons           # writes skill-package/assets/images/icon-108.png, icon-512.png
    python -m tools.draw_icons --check   # exit 1 if the committed icons differ from what the code draws
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

IMAGES = Path(__file__).resolve().parents[1] / "skill-package" / "assets" / "images"
SIZES = {"icon-108.png": (108, 4), "icon-512.png": (512, 2)}  # size, supersampling per axis
Color = tuple[float, float, float]
TOP, BOTTOM = (11, 26, 58), (40, 62, 112)
MOON, LEG, STAR = (245, 215, 110), (154, 208, 236), (235, 240, 255)
STARS = ((0.20, 0.18, 0.018), (0.34, 0.30, 0.012), (0.86, 0.58, 0.014), (0.12, 0.40, 0.010))


def _segment_distance(x: float, y: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def shade(x: float, y: float) -> Color:
    """The colour at (x, y) in the unit square, y downwards."""
    if math.hypot(x - 0.64, y - 0.33) < 0.21 and math.hypot(x - 0.73, y - 0.27) > 0.18:
        return MOON
    if any(math.hypot(x - sx, y - sy) < r for sx, sy, r in STARS):
        return STAR
    if (
        _segment_distance(x, y, 0.22, 0.50, 0.36, 0.80) < 0.075  # calf
        or _segment_distance(x, y, 0.36, 0.80, 0.56, 0.70) < 0.045  # foot, toes pulled up
        or (abs(math.hypot(x - 0.50, y - 0.80) - 0.17) < 0.012 and x > 0.58 and y < 0.78)
    ):  # the pull
        return LEG
    red, green, blue = (top + (bottom - top) * y for top, bottom in zip(TOP, BOTTOM, strict=True))
    return red, green, blue


def render(size: int, samples: int) -> bytes:
    rows = []
    for row in range(size):
        line = bytearray(b"\x00")  # filter: none
        for column in range(size):
            total = [0.0, 0.0, 0.0]
            for sy in range(samples):
                for sx in range(samples):
                    color = shade((column + (sx + 0.5) / samples) / size, (row + (sy + 0.5) / samples) / size)
                    total = [t + c for t, c in zip(total, color, strict=True)]
            line += bytes(round(t / samples**2) for t in total)
        rows.append(bytes(line))
    return png(size, size, b"".join(rows))


def png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main(argv: list[str]) -> int:
    stale = []
    for name, (size, samples) in SIZES.items():
        drawn, path = render(size, samples), IMAGES / name
        if "--check" in argv:
            if not path.is_file() or path.read_bytes() != drawn:
                stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(drawn)
    if stale:
        print("icons differ from tools/draw_icons.py: " + ", ".join(stale), file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
