"""Renders the raster icons in resources/ from their SVGs: app PNGs, .ico, .icns and tray PNGs."""

# python packaging/make_icons.py rewrites them in place; --check only says whether the committed
# files show what this script draws: the same images at the same sizes, every pixel within a
# small distance. Not the same bytes: Qt's raster engine takes other SIMD paths on other CPUs
# and rounds anti-aliased edges a value or so differently. Qt draws the SVGs offscreen, so it
# needs no display and no new dependency.

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
# How far any channel of any pixel may be from a fresh drawing (of 255, alpha premultiplied).
# Another CPU's rounding is one or two values off; a changed colour or shape is far more.
TOLERANCE = 4
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


def ico_images(data: bytes) -> list[tuple[int, bytes]]:
    """The (size, PNG) entries of an .ico as ``ico_bytes`` writes it; ValueError if it is not."""
    try:
        reserved, kind, count = struct.unpack_from("<HHH", data)
        if (reserved, kind) != (0, 1):
            raise ValueError("not an icon file")
        images = []
        for index in range(count):
            side, *_, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
            images.append((side or 256, data[offset : offset + length]))
    except struct.error as error:
        raise ValueError(f"a broken icon file ({error})") from None
    return images


def icns_images(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, PNG) blocks of an .icns as ``icns_bytes`` writes it; ValueError if it is not."""
    if data[:4] != b"icns":
        raise ValueError("not an icns file")
    images, position = [], 8
    while position < len(data):
        kind = data[position : position + 4]
        try:
            (length,) = struct.unpack_from(">I", data, position + 4)
        except struct.error as error:
            raise ValueError(f"a broken icns file ({error})") from None
        if length < 8:
            raise ValueError(f"a broken icns file (a block of {length} bytes)")
        images.append((kind, data[position + 8 : position + length]))
        position += length
    return images


def pictures(name: str, data: bytes) -> list[tuple[object, bytes]]:
    """The PNG images a raster file holds, each with what names it (its size or icns type)."""
    if name.endswith(".ico"):
        return list(ico_images(data))
    if name.endswith(".icns"):
        return list(icns_images(data))
    return [(name, data)]


def pixel_distance(committed: bytes, fresh: bytes) -> int | None:
    """The largest difference of any channel of any pixel; None if the sizes differ.

    Compared with alpha premultiplied, as Qt draws: an edge pixel that is nearly transparent
    changes its stored colour a lot for a one-value change in what was drawn.
    """
    premultiplied = QImage.Format.Format_ARGB32_Premultiplied
    old, new = QImage.fromData(committed, "PNG"), QImage.fromData(fresh, "PNG")
    if old.isNull() or new.isNull() or old.size() != new.size():
        return None
    old_bits = bytes(old.convertToFormat(premultiplied).constBits())
    new_bits = bytes(new.convertToFormat(premultiplied).constBits())
    if old_bits == new_bits:
        return 0
    return max(abs(was - now) for was, now in zip(old_bits, new_bits, strict=True))


def shows_the_same(name: str, committed: bytes, fresh: bytes) -> bool:
    """Whether a committed file holds the fresh images, each pixel within ``TOLERANCE``."""
    if committed == fresh:
        return True
    try:
        old, new = pictures(name, committed), pictures(name, fresh)
    except ValueError:
        return False
    if [label for label, _ in old] != [label for label, _ in new]:
        return False
    distances = [pixel_distance(was, now) for (_, was), (_, now) in zip(old, new, strict=True)]
    return all(distance is not None and distance <= TOLERANCE for distance in distances)


def differing(files: dict[str, bytes], folder: Path) -> list[str]:
    """Names of the files that are missing from ``folder`` or show something else."""
    return [
        name
        for name, data in files.items()
        if not (folder / name).is_file()
        or not shows_the_same(name, (folder / name).read_bytes(), data)
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
