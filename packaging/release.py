"""Release artefacts for Linux from the PyInstaller bundle: a Debian package and a tar.gz.

``python packaging/release.py --deb --tar`` builds the bundle with the spec, then writes
``dist/freelance-ghost_<version>_<arch>.deb`` (dpkg-deb, no network) and
``dist/freelance-ghost-<version>-linux-<machine>.tar.gz``. ``--bundle DIR`` packs a bundle
built before instead (the tests and CI build it once). packaging/README.md says what each
artefact is and how users install it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
RESOURCES = ROOT / "resources"
SPEC = PACKAGING / "freelance_ghost.spec"
PACKAGE = "freelance-ghost"
INSTALLED_BUNDLE = Path("usr/lib") / PACKAGE  # Debian keeps /opt for the local administrator
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SUMMARY = "notice when a client goes quiet and know what to do next"
DESCRIPTION = """\
 Freelance Ghost keeps a freelancer's client relationships from going silent.
 It keeps clients, contacts, projects, invoices and check-in rhythms on your
 own machine, notices when a client has been quiet longer than usual or an
 invoice is overdue, and says what to do next, with a desktop notification.
 .
 This package holds the self-contained program (Python and Qt included) in
 /usr/lib/freelance-ghost and the freelance-ghost command."""

# What the bundle takes from the system rather than carrying it: the C library, OpenGL and
# EGL, the X11 and Wayland client libraries Qt's platform plugins load, fontconfig and
# FreeType, D-Bus and GLib, and a font. tests/packaging/test_release.py checks that every
# library the bundle needs and does not carry comes from one of these packages.
DEPENDS = (
    "libc6",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxrender1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "fonts-dejavu-core",
)
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Freelance Ghost
Comment: The program is a PyInstaller bundle: it carries Python, Qt (LGPL-3.0, as
 PySide6 ships it) and the Python packages listed in the project's pyproject.toml,
 each under its own licence.

Files: *
Copyright: 2026 Freelance Ghost team
License: MIT

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy of
 this software and associated documentation files (the "Software"), to deal in
 the Software without restriction, including without limitation the rights to
 use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
 the Software, and to permit persons to whom the Software is furnished to do so,
 subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all
 copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
 FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
 COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
 IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
 CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


# Each override says why the finding is the nature of a self-contained bundle, not a fault.
LINTIAN_OVERRIDES = f"""\
# The bundle carries its own Python, Qt and their libraries by design (that is what lets one
# package run on every supported release): they are the bundle's copies, not Debian's.
{PACKAGE}: embedded-library * [{INSTALLED_BUNDLE}/_internal/*]
# PyInstaller copies the build machine's Python, whose modules name its lib folder as RUNPATH.
# The bundle's program puts _internal first on the library path, so libpython and the rest are
# found there, and the build machine's folder is never used.
{PACKAGE}: custom-library-search-path RUNPATH * [{INSTALLED_BUNDLE}/_internal/*]
# Python's own extension modules, as CPython builds them: they use only libpython's symbols.
{PACKAGE}: library-not-linked-against-libc [{INSTALLED_BUNDLE}/_internal/python3.*/lib-dynload/*]
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Builds the bundle (unless given one) and writes the artefacts asked for."""
    args = _parser().parse_args(argv)
    if not (args.deb or args.tar):
        print("release.py: say what to write: --deb, --tar or both", file=sys.stderr)
        return 2
    maintainer = args.maintainer or maintainer_from(os.environ)
    if args.deb and maintainer is None:
        print(
            "release.py: say who maintains the package: --maintainer 'Name <address>', "
            "or DEBFULLNAME and DEBEMAIL as Debian's tools read them",
            file=sys.stderr,
        )
        return 2
    if args.bundle is not None and not (args.bundle / PACKAGE).is_file():
        print(
            f"release.py: {args.bundle} is not a built bundle (no {PACKAGE} in it)", file=sys.stderr
        )
        return 2
    args.dist.mkdir(parents=True, exist_ok=True)
    bundle = args.bundle if args.bundle is not None else build_bundle(args.dist)
    if args.tar:
        print(write_tar(bundle, args.dist))
    if args.deb:
        assert maintainer is not None  # refused above
        print(write_deb(bundle, args.dist, maintainer))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="release.py", description=__doc__.splitlines()[0])
    parser.add_argument("--deb", action="store_true", help="write the Debian package")
    parser.add_argument("--tar", action="store_true", help="write the versioned .tar.gz")
    parser.add_argument(
        "--bundle", type=Path, help="a bundle folder built before (default: build it now)"
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where to write")
    parser.add_argument(
        "--maintainer",
        help="the package's Maintainer, 'Name <address>' (default: $DEBFULLNAME <$DEBEMAIL>)",
    )
    return parser


def maintainer_from(environ: Mapping[str, str]) -> str | None:
    """``Name <address>`` from DEBFULLNAME and DEBEMAIL, as dch and debmake read them.

    Never made up: a package names a person or team who answers for it.
    """
    name, address = environ.get("DEBFULLNAME", "").strip(), environ.get("DEBEMAIL", "").strip()
    return f"{name} <{address}>" if name and address else None


def version() -> str:
    """The app's version, read from the package without importing Qt."""
    sys.path.insert(0, str(ROOT))
    from freelance_ghost import __version__

    return __version__


def build_bundle(dist: Path) -> Path:
    """Runs PyInstaller with the spec; the bundle is ``dist/freelance-ghost``."""
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm"]
    command += ["--distpath", str(dist), "--workpath", str(ROOT / "build")]
    subprocess.run(command, cwd=ROOT, check=True)
    return dist / PACKAGE


def write_tar(bundle: Path, dist: Path) -> Path:
    """``freelance-ghost-<version>-linux-<machine>.tar.gz``: the bundle folder, links kept."""
    target = dist / f"{PACKAGE}-{version()}-linux-{platform.machine()}.tar.gz"
    with _written_whole(target) as partial, tarfile.open(partial, "w:gz") as archive:
        archive.add(bundle, arcname=PACKAGE, filter=_owned_by_root)
    return target


@contextmanager
def _written_whole(target: Path) -> Iterator[Path]:
    """A file to write ``target`` into, renamed to it only once complete: a failed build
    leaves no artefact that looks like a release."""
    partial = target.with_name(target.name + ".part")
    try:
        yield partial
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """No build machine's user names in the archive."""
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def debian_architecture() -> str:
    """The Debian name of this machine's architecture (amd64, arm64)."""
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def write_deb(bundle: Path, dist: Path, maintainer: str) -> Path:
    """``freelance-ghost_<version>_<arch>.deb``, built with dpkg-deb from a staged tree."""
    architecture = debian_architecture()
    target = dist / f"{PACKAGE}_{version()}_{architecture}.deb"
    with tempfile.TemporaryDirectory() as staging:
        root = Path(staging) / "root"
        stage_files(bundle, root, maintainer)
        (root / "DEBIAN").mkdir(mode=0o755)
        (root / "DEBIAN" / "control").write_text(
            control(root, architecture, maintainer), encoding="utf-8"
        )
        with _written_whole(target) as partial:
            command = ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root)]
            subprocess.run([*command, str(partial)], check=True, capture_output=True)
    return target


def stage_files(bundle: Path, root: Path, maintainer: str) -> None:
    """The package's files at their installed paths, with Debian's modes."""
    shutil.copytree(bundle, root / INSTALLED_BUNDLE, symlinks=True)
    command = root / "usr" / "bin" / PACKAGE
    command.parent.mkdir(parents=True)
    command.symlink_to(Path("..") / INSTALLED_BUNDLE.relative_to("usr") / PACKAGE)
    share = root / "usr" / "share"
    _install(RESOURCES / f"{PACKAGE}.desktop", share / "applications" / f"{PACKAGE}.desktop")
    _install(RESOURCES / f"{PACKAGE}.metainfo.xml", share / "metainfo" / f"{PACKAGE}.metainfo.xml")
    icons = share / "icons" / "hicolor"
    _install(RESOURCES / f"{PACKAGE}.svg", icons / "scalable" / "apps" / f"{PACKAGE}.svg")
    for size in ICON_SIZES:
        _install(
            RESOURCES / f"{PACKAGE}-{size}.png",
            icons / f"{size}x{size}" / "apps" / f"{PACKAGE}.png",
        )
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    overrides = share / "lintian" / "overrides" / PACKAGE
    overrides.parent.mkdir(parents=True)
    overrides.write_text(LINTIAN_OVERRIDES, encoding="utf-8")
    (doc / "changelog.gz").write_bytes(gzip.compress(changelog(maintainer).encode(), 9, mtime=0))
    _debian_modes(root)


def _install(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _debian_modes(root: Path) -> None:
    """Folders and programs 755, everything else (libraries too) 644, whatever the umask was."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or (path.stat().st_mode & 0o111 and ".so" not in path.name):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def changelog(maintainer: str) -> str:
    """The package's changelog: one entry for this version, pointing at the release notes."""
    return (
        f"{PACKAGE} ({version()}) unstable; urgency=medium\n\n"
        f"  * Release {version()}: see the project's release notes.\n\n"
        f" -- {maintainer}  {format_datetime(_release_time())}\n"
    )


def _release_time() -> datetime:
    """``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def control(root: Path, architecture: str, maintainer: str) -> str:
    """DEBIAN/control: what apt shows and what it installs first."""
    size_kib = sum(path.lstat().st_size for path in root.rglob("*")) // 1024 + 1
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        f"Architecture: {architecture}\n"
        f"Maintainer: {maintainer}\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{DESCRIPTION}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
