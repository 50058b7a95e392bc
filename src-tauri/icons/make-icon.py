#!/usr/bin/env python3
"""Writes icons/icon.png and icons/icon.ico: a plain 256x256 square in the app's calm blue-green with a
lighter inner square (a "vault door"), made with the standard library only so no image tool or
download is needed. The .ico (Windows builds need one) holds the same PNG. Run from anywhere:
python3 src-tauri/icons/make-icon.py
"""
import os
import struct
import zlib

SIZE = 256
OUTER = (0x2F, 0x5D, 0x62, 0xFF)  # deep teal, the UI's accent colour
INNER = (0xE8, 0xF0, 0xEF, 0xFF)  # soft off-white
MARGIN = 64


def pixel(x: int, y: int) -> tuple:
    inside = MARGIN <= x < SIZE - MARGIN and MARGIN <= y < SIZE - MARGIN
    return INNER if inside else OUTER


def chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png() -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE)
    )
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def ico(png_bytes: bytes) -> bytes:
    # One directory entry whose image is the PNG itself (allowed since Windows Vista); 0 means 256 px.
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png_bytes), 6 + 16)
    return header + entry + png_bytes


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    image = png()
    for name, data in (("icon.png", image), ("icon.ico", ico(image))):
        with open(os.path.join(here, name), "wb") as f:
            f.write(data)
        print(os.path.join(here, name))
