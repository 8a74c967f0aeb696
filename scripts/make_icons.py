"""Draw the web app's icons (PNG) without an image library: the brand's orange play mark on
the header's night colour, with rolling-credits lines under it.

Run after changing the design; the PNGs are committed:
    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "whatsafter/web/static/whatsafter/icons"
NIGHT = (0x17, 0x14, 0x1F)
MARK = (0xFB, 0x92, 0x3C)
LINES = (0x8B, 0x87, 0x99)
SAMPLES = 4  # per axis: 16 samples per pixel smooth the edges


def _inside_triangle(x: float, y: float) -> bool:
    # A play mark pointing right, in unit coordinates of the drawing area.
    ax, ay, bx, by, cx, cy = 0.34, 0.2, 0.34, 0.62, 0.7, 0.41
    d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
    d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy)
    d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def _on_line(x: float, y: float) -> bool:
    for top, left, right in ((0.72, 0.28, 0.72), (0.8, 0.36, 0.64)):
        if top <= y <= top + 0.035 and left <= x <= right:
            return True
    return False


def _inside_rounded(x: float, y: float, radius: float) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def _pixel(px: int, py: int, size: int, *, rounded: bool, inset: float) -> bytes:
    totals = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = (px + (sx + 0.5) / SAMPLES) / size
            y = (py + (sy + 0.5) / SAMPLES) / size
            if rounded and not _inside_rounded(x, y, 0.18):
                continue
            # The mark is drawn in the middle part only (maskable icons keep a safe zone).
            ux, uy = (x - inset) / (1 - 2 * inset), (y - inset) / (1 - 2 * inset)
            colour = MARK if _inside_triangle(ux, uy) else LINES if _on_line(ux, uy) else NIGHT
            totals[0] += colour[0]
            totals[1] += colour[1]
            totals[2] += colour[2]
            totals[3] += 255
    n = SAMPLES * SAMPLES
    alpha = totals[3] / n
    if alpha == 0:
        return b"\0\0\0\0"
    scale = 255 / totals[3]
    return bytes(round(c * scale) for c in totals[:3]) + bytes([round(alpha)])


def png(size: int, *, rounded: bool, inset: float) -> bytes:
    rows = b"".join(
        b"\0" + b"".join(_pixel(x, y, size, rounded=rounded, inset=inset) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


ICONS = {
    "icon-192.png": (192, True, 0.0),
    "icon-512.png": (512, True, 0.0),
    "maskable-512.png": (512, False, 0.1),  # full bleed; the mark inside the 80% safe zone
    "apple-touch-icon.png": (180, False, 0.04),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, rounded, inset) in ICONS.items():
        (OUT / name).write_bytes(png(size, rounded=rounded, inset=inset))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
