"""The locator of a point's 一图: the district holding the point drawn from the platform's
installed boundary polygons (the maps' base layer, ``ui.boundaries``), its neighbours
outlined, the point as a red dot — a PNG written with the standard library only (no
imaging package is installed), for the printable card."""

from __future__ import annotations

import io
import itertools
import struct
import zlib
from collections.abc import Iterator
from typing import Any

WIDTH, HEIGHT = 720, 480
BACKGROUND = (247, 249, 252)
FILL = (221, 234, 250)
OUTLINE = (32, 107, 196)
NEIGHBOUR = (170, 178, 189)
DOT = (214, 57, 57)
Pixel = tuple[int, int, int]


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


class Canvas:
    """An RGB raster with the three strokes the locator needs."""

    def __init__(self, bbox: tuple[float, float, float, float]) -> None:
        self.rows = [bytearray(bytes(BACKGROUND) * WIDTH) for _ in range(HEIGHT)]
        west, south, east, north = bbox
        # One scale on both axes (the map is not stretched), centred.
        self.scale = min(WIDTH / (east - west), HEIGHT / (north - south))
        self.x0 = west - (WIDTH / self.scale - (east - west)) / 2
        self.y0 = north + (HEIGHT / self.scale - (north - south)) / 2

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.x0) * self.scale, (self.y0 - lat) * self.scale

    def put(self, x: int, y: int, colour: Pixel) -> None:
        if 0 <= x < WIDTH and 0 <= y < HEIGHT:
            self.rows[y][x * 3:x * 3 + 3] = bytes(colour)

    def fill(self, rings: list[list[list[float]]], colour: Pixel) -> None:
        """Even-odd scanline fill of the rings."""
        edges: list[tuple[tuple[float, float], tuple[float, float]]] = []
        for ring in rings:
            points = [self.xy(lon, lat) for lon, lat in ring]
            edges.extend(zip(points, points[1:] + points[:1], strict=True))
        for y in range(HEIGHT):
            cy = y + 0.5
            xs = sorted(x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
                        for (x1, y1), (x2, y2) in edges if (y1 <= cy) != (y2 <= cy))
            for left, right in zip(xs[::2], xs[1::2], strict=False):
                for x in range(max(0, round(left)), min(WIDTH, round(right))):
                    self.rows[y][x * 3:x * 3 + 3] = bytes(colour)

    def outline(self, rings: list[list[list[float]]], colour: Pixel) -> None:
        for ring in rings:
            points = [self.xy(lon, lat) for lon, lat in ring]
            for (x1, y1), (x2, y2) in itertools.pairwise(points):
                steps = int(max(abs(x2 - x1), abs(y2 - y1))) + 1
                for i in range(steps + 1):
                    t = i / steps
                    self.put(int(x1 + (x2 - x1) * t), int(y1 + (y2 - y1) * t), colour)

    def dot(self, lon: float, lat: float, radius: int = 9) -> None:
        cx, cy = self.xy(lon, lat)
        for dy in range(-radius - 3, radius + 4):
            for dx in range(-radius - 3, radius + 4):
                d = dx * dx + dy * dy
                if d <= radius * radius:
                    self.put(int(cx) + dx, int(cy) + dy, DOT)
                elif d <= (radius + 3) ** 2:
                    self.put(int(cx) + dx, int(cy) + dy, (255, 255, 255))

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
        header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
                + chunk(b"IEND", b""))


def locator_png(longitude: float, latitude: float, region_code: str,
                shapes: dict[str, dict[str, Any]] | None = None) -> io.BytesIO | None:
    """The locator of a point in ``region_code``'s district, or None when the district's
    boundary is not installed (``YINGJI_MAP_REGIONS``): the card then gives the
    coordinates alone rather than a blank picture."""
    if shapes is None:
        from yingji.ui.boundaries import region_shapes

        shapes = region_shapes()
    district = region_code[:6] + "000000"
    geometry = shapes.get(district)
    if geometry is None:
        return None
    rings = [list(map(list, ring)) for ring in _rings(geometry)]
    lons = [p[0] for ring in rings for p in ring] + [longitude]
    lats = [p[1] for ring in rings for p in ring] + [latitude]
    pad_x, pad_y = (max(lons) - min(lons)) * 0.08 or 0.01, (max(lats) - min(lats)) * 0.08 or 0.01
    canvas = Canvas((min(lons) - pad_x, min(lats) - pad_y, max(lons) + pad_x, max(lats) + pad_y))
    for code, other in shapes.items():
        if code != district and code[:4] == district[:4] and code.endswith("000000"):
            canvas.outline([list(map(list, r)) for r in _rings(other)], NEIGHBOUR)
    canvas.fill(rings, FILL)
    canvas.outline(rings, OUTLINE)
    canvas.dot(longitude, latitude)
    return io.BytesIO(canvas.png())
