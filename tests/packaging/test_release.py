"""packaging/release.py: the .deb and the tar.gz, checked, installed with apt and removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from freelance_ghost import __version__
from tests.packaging.built import ROOT, Bundle, release_script
from tests.tools import require_tool, unavailable

PACKAGE = "freelance-ghost"
RELEASE = release_script()
DEPENDS, ICON_SIZES, INSTALLED_BUNDLE = (
    RELEASE.DEPENDS,
    RELEASE.ICON_SIZES,
    RELEASE.INSTALLED_BUNDLE,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is built on Linux"),
]


@dataclass(frozen=True)
class Release:
    """The artefacts release.py wrote."""

    deb: Path
    tar: Path


@pytest.fixture(scope="module")
def release(bundle: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Release:
    """release.py --deb --tar over the bundle the packaging tests built."""
    require_tool("dpkg-deb")
    dist = tmp_path_factory.mktemp("release")
    command = [sys.executable, str(ROOT / "packaging" / "release.py"), "--deb", "--tar"]
    command += ["--bundle", str(bundle.folder), "--dist", str(dist)]
    command += ["--maintainer", TEST_MAINTAINER]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    written = [Path(line) for line in result.stdout.splitlines()]
    tar, deb = written
    assert deb.name == f"{PACKAGE}_{__version__}_{architecture()}.deb"
    assert tar.name == f"{PACKAGE}-{__version__}-linux-{os.uname().machine}.tar.gz"
    return Release(deb, tar)


TEST_MAINTAINER = "Release Tests <release-tests@example.org>"  # example.org: reserved for examples


def test_a_deb_without_a_maintainer_is_refused(tmp_path: Path) -> None:
    """A package names who answers for it; the script never makes one up."""
    assert RELEASE.maintainer_from({"DEBFULLNAME": "Ann Lee", "DEBEMAIL": "ann@x.example"}) == (
        "Ann Lee <ann@x.example>"
    )
    assert RELEASE.maintainer_from({"DEBFULLNAME": "Ann Lee"}) is None
    command = [sys.executable, str(ROOT / "packaging" / "release.py"), "--deb"]
    command += ["--bundle", str(tmp_path), "--dist", str(tmp_path / "dist")]
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBFULLNAME", "DEBEMAIL")}
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    assert result.returncode == 2
    assert "say who maintains the package" in result.stderr


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_deb_puts_each_file_in_its_standard_place(release: Release) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(release.deb)], capture_output=True, text=True, check=True
    ).stdout
    paths = {line.split()[5].removeprefix(".") for line in listing.splitlines()}
    expected = {
        f"/usr/bin/{PACKAGE}",
        f"/{INSTALLED_BUNDLE}/{PACKAGE}",
        f"/usr/share/applications/{PACKAGE}.desktop",
        f"/usr/share/metainfo/{PACKAGE}.metainfo.xml",
        f"/usr/share/icons/hicolor/scalable/apps/{PACKAGE}.svg",
        f"/usr/share/doc/{PACKAGE}/copyright",
        *(f"/usr/share/icons/hicolor/{s}x{s}/apps/{PACKAGE}.png" for s in ICON_SIZES),
    }
    assert expected <= paths
    assert f"/usr/bin/{PACKAGE} -> ../lib/{PACKAGE}/{PACKAGE}" in listing
    assert not any(line.split()[1] != "root/root" for line in listing.splitlines())


def test_lintian_finds_no_error(release: Release, capsys: pytest.CaptureFixture[str]) -> None:
    lintian = require_tool("lintian")
    result = subprocess.run(
        [lintian, "--fail-on", "error", str(release.deb)], capture_output=True, text=True
    )
    findings = sorted({line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")})
    with capsys.disabled():  # the warnings, in CI's log
        print("\nlintian:\n" + "\n".join(findings))
    assert result.returncode == 0, "\n".join(findings)
    assert not [line for line in findings if line.startswith("E:")]


def test_every_library_the_bundle_needs_is_carried_or_a_dependency(bundle: Bundle) -> None:
    """What the bundle does not carry comes from the system: from a package in Depends."""
    carried = {path.name for path in bundle.folder.rglob("*.so*")}
    needed: set[str] = set()
    for binary in [bundle.program, *bundle.folder.rglob("*.so*")]:
        if binary.is_file() and not binary.is_symlink():
            needed |= set(needed_libraries(binary))
    from_system = sorted(needed - carried)
    packages = {owner for library in from_system for owner in owning_packages(library)}
    assert packages <= set(DEPENDS), f"not in Depends: {sorted(packages - set(DEPENDS))}"


def needed_libraries(binary: Path) -> list[str]:
    """The sonames in a binary's NEEDED entries."""
    objdump = require_tool("objdump")
    dump = subprocess.run([objdump, "-p", str(binary)], capture_output=True, text=True).stdout
    return [line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")]


def owning_packages(soname: str) -> set[str]:
    """The installed packages that hold a library (without their architecture)."""
    found = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True)
    assert found.returncode == 0, f"{soname}: no installed package holds it"
    return {line.split(":")[0] for line in found.stdout.splitlines() if line.strip()}


def test_the_tar_holds_the_bundle_folder(release: Release, bundle: Bundle) -> None:
    with tarfile.open(release.tar) as archive:
        members = {member.name: member for member in archive.getmembers()}
    program = members[f"{PACKAGE}/{PACKAGE}"]
    assert program.isfile()
    assert program.mode & 0o111
    assert {member.uname for member in members.values()} == {"root"}
    files = [path for path in bundle.folder.rglob("*") if not path.is_dir()]
    assert len([member for member in members.values() if not member.isdir()]) == len(files)


@pytest.fixture
def installed(release: Release) -> Iterator[list[Path]]:
    """The package installed with apt; yields its files (dpkg -L), and removes it after."""
    if os.geteuid() != 0:
        unavailable("installing a .deb needs root")
    apt = require_tool("apt-get")
    if shutil.which("dpkg-query") and query_installed():
        pytest.fail(f"{PACKAGE} is installed already: remove it first")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = subprocess.run(
        [apt, "install", "-y", "--no-install-recommends", str(release.deb.absolute())],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert install.returncode == 0, install.stderr[-4000:]
    try:
        listed = subprocess.run(["dpkg", "-L", PACKAGE], capture_output=True, text=True)
        yield [Path(line) for line in listed.stdout.splitlines() if line.startswith("/")]
    finally:  # the test removes it; this is for a test that failed before it could
        if query_installed():
            subprocess.run([apt, "remove", "--purge", "-y", PACKAGE], env=environment, check=True)


def query_installed() -> bool:
    """Whether dpkg knows the package as installed."""
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True
    )
    return "installed" in status.stdout.split()


def test_apt_installs_it_it_runs_and_removing_it_leaves_nothing(
    installed: list[Path], tmp_path: Path
) -> None:
    program = Path("/usr/bin") / PACKAGE
    data = tmp_path / "data"
    environment = {**os.environ, "TZ": "Europe/Berlin", "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program), *args], capture_output=True, text=True, env=environment, timeout=120
        )

    assert run("--version").stdout == f"{PACKAGE} {__version__}\n"
    demo = run("demo", "--data-dir", str(data))
    assert (demo.returncode, demo.stderr) == (0, ""), demo.stderr
    attention = run("attention", "--json", "--data-dir", str(data))
    assert (attention.returncode, attention.stderr) == (0, "")
    assert '"items": [' in attention.stdout
    doctor = run("doctor", "--data-dir", str(data))
    assert doctor.returncode == 0, doctor.stdout
    assert "integrity ok" in doctor.stdout

    desktop = Path("/usr/share/applications") / f"{PACKAGE}.desktop"
    validate = subprocess.run(
        [require_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True
    )
    assert (validate.returncode, validate.stdout) == (0, "")
    metainfo = Path("/usr/share/metainfo") / f"{PACKAGE}.metainfo.xml"
    # As tests/packaging/test_resources.py: the id matches the desktop file, not reverse-DNS.
    override = "--override=cid-desktopapp-is-not-rdns=info"
    appstream = subprocess.run(
        [require_tool("appstreamcli"), "validate", "--no-net", override, str(metainfo)],
        capture_output=True,
        text=True,
    )
    assert appstream.returncode == 0, appstream.stdout
    assert {program, desktop, metainfo} <= set(installed)
    own = [path for path in installed if not path.is_dir()]
    own += [Path("/") / INSTALLED_BUNDLE, Path("/usr/share/doc") / PACKAGE]

    subprocess.run(["apt-get", "remove", "--purge", "-y", PACKAGE], capture_output=True, check=True)
    assert not query_installed()
    assert [path for path in own if os.path.lexists(path)] == []


def test_a_failed_build_leaves_no_artefact(tmp_path: Path) -> None:
    """A half-written .tar.gz or .deb under a release's name would be mistaken for one."""
    dist = tmp_path / "dist"
    dist.mkdir()
    assert (
        RELEASE.main(["--tar", "--bundle", str(tmp_path / "no-bundle"), "--dist", str(dist)]) == 2
    )
    target = dist / "broken.tar.gz"

    def stopped_build() -> None:
        with RELEASE._written_whole(target) as partial:
            partial.write_bytes(b"half")
            raise RuntimeError("the build stopped")

    with pytest.raises(RuntimeError):
        stopped_build()
    assert list(dist.iterdir()) == []
