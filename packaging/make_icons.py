"""Renders the raster icons in resources/ from their SVGs: app PNGs, .ico, .icns and tray PNGs."""

# python packaging/make_icons.py rewrites them in place; --check only says whether the committed
# files match what this script makes (same Qt version, same bytes). Qt draws the SVGs offscreen,
# so it needs no display and no new dependency.

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads: no display needed

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
APP_ICON = "freelance-ghost"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TRAY_ICONS = ("tray-idle", "tray-waiting")
TRAY_SIZES = (16, 22, 24, 32, 48, 64)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-capable icon types and their pixel sizes (the @2x ones share sizes with others).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` square, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return png_bytes(image.convertToFormat(QImage.Format.Format_ARGB32))


def png_bytes(image: QImage) -> bytes:
    """The image as PNG, with no text chunks, so the same pixels give the same bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    writer.setQuality(0)  # for PNG, quality 0 is the strongest compression
    if not writer.write(image):
        raise OSError(f"Qt could not encode a PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """A Windows .ico holding PNG images (Windows Vista and later read them)."""
    images = list(pngs)
    header = struct.pack("<HHH", 0, 1, len(images))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256
        # width, height, palette colours, reserved, colour planes, bits per pixel, length, offset
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        payload += png
    return header + entries + payload


def icns_bytes(images: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A macOS .icns: big-endian (type, length) blocks, each holding one PNG."""
    blocks = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in images)
    return b"icns" + struct.pack(">I", 8 + len(blocks)) + blocks


def icon_files(source: Path) -> dict[str, bytes]:
    """Every raster file this script makes, by file name, drawn from the SVGs in ``source``."""
    app_svg = source / f"{APP_ICON}.svg"
    sizes = sorted({*APP_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    app = {size: render_png(app_svg, size) for size in sizes}
    files = {f"{APP_ICON}-{size}.png": app[size] for size in APP_SIZES}
    files[f"{APP_ICON}.ico"] = ico_bytes((size, app[size]) for size in ICO_SIZES)
    files[f"{APP_ICON}.icns"] = icns_bytes((kind, app[size]) for kind, size in ICNS_TYPES)
    for tray in TRAY_ICONS:
        for size in TRAY_SIZES:
            files[f"{tray}-{size}.png"] = render_png(source / f"{tray}.svg", size)
    return files


def differing(files: dict[str, bytes], folder: Path) -> list[str]:
    """Names of the files that are missing from ``folder`` or hold other bytes."""
    return [
        name
        for name, data in files.items()
        if not (folder / name).is_file() or (folder / name).read_bytes() != data
    ]


def write_files(files: dict[str, bytes], folder: Path) -> None:
    """Writes each file into ``folder``, creating it if needed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    """Writes the icons (or, with ``--check``, compares them); exit 1 when they differ."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=RESOURCES, help="where the SVGs are")
    parser.add_argument("--output", type=Path, default=RESOURCES, help="where to write")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    files = icon_files(args.source)
    if args.check:
        stale = differing(files, args.output)
        for name in stale:
            print(f"{args.output / name} differs from what {Path(__file__).name} makes")
        return 1 if stale else 0
    write_files(files, args.output)
    print(f"wrote {len(files)} files to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
