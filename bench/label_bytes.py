#!/usr/bin/env python3
"""What the label layers cost in tile bytes: sums the raw bytes of tiles, the bytes of the same tiles
without their *_labels layers (an MVT tile is its layers back to back, so that is exactly the tile as
it was before the label layers), and both gzipped at level 6 as the server sends them.

    bench/label_bytes.py http://127.0.0.1:18556 NAME < list    # tile paths, one per line, fetched
    bench/label_bytes.py --mbtiles FILE.mbtiles                 # every tile of an export, per zoom
"""
import sqlite3
import sys
import urllib.request
import zlib


def varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if not c & 0x80:
            return v, i
        shift += 7


def layer_name(msg):
    i = 0
    while i < len(msg):
        key, i = varint(msg, i)
        field, wire = key >> 3, key & 7
        if wire == 2:
            n, i = varint(msg, i)
            if field == 1:
                return msg[i:i + n].decode()
            i += n
        elif wire == 0:
            _, i = varint(msg, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ValueError("bad wire type")
    return ""


def without_labels(tile):
    out = bytearray()
    i = 0
    while i < len(tile):
        start = i
        key, i = varint(tile, i)
        n, i = varint(tile, i)
        if not (key == (3 << 3 | 2) and layer_name(tile[i:i + n]).endswith("_labels")):
            out += tile[start:i + n]
        i += n
    return bytes(out)


def gz(b):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return len(c.compress(b) + c.flush()) if b else 0


class Sums:
    def __init__(self):
        self.n = self.raw = self.raw0 = self.g = self.g0 = self.largest = self.largest0 = 0

    def add(self, tile):
        stripped = without_labels(tile)
        self.n += 1
        self.raw += len(tile)
        self.raw0 += len(stripped)
        self.g += gz(tile)
        self.g0 += gz(stripped)
        self.largest = max(self.largest, len(tile))
        self.largest0 = max(self.largest0, len(stripped))

    def line(self, name):
        return (f"{name:<14} {self.n:6d} tiles  raw {self.raw0:>11,} → {self.raw:>11,} B "
                f"({self.raw / max(self.raw0, 1):.4f}×)  gzip {self.g0:>11,} → {self.g:>11,} B "
                f"({self.g / max(self.g0, 1):.4f}×)  largest {self.largest0:,} → {self.largest:,} B")


if sys.argv[1] == "--mbtiles":
    per_zoom, total = {}, Sums()
    db = sqlite3.connect(sys.argv[2])
    for z, data in db.execute("SELECT zoom_level, tile_data FROM tiles ORDER BY zoom_level"):
        tile = zlib.decompress(data, 31) if data[:2] == b"\x1f\x8b" else data
        per_zoom.setdefault(z, Sums()).add(tile)
        total.add(tile)
    for z in sorted(per_zoom):
        print(per_zoom[z].line(f"z{z}"))
    print(total.line("all"))
else:
    base, name = sys.argv[1], sys.argv[2]
    sums = Sums()
    for path in sys.stdin.read().split():
        with urllib.request.urlopen(base + path) as r:
            sums.add(r.read())
    print(sums.line(name))
