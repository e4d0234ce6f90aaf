"""The command line of SPEC section 4; with no command it opens the window (Qt loads only then)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from peewee import PeeweeException

from freelance_ghost import __version__
from freelance_ghost.core.clock import SystemClock, system_zone
from freelance_ghost.core.history_csv import (
    UTF8_BOM,
    HistoryFormatError,
    decode_history,
    parse_history,
    write_history,
)
from freelance_ghost.paths import data_dir
from freelance_ghost.store.database import DatabaseRefusedError, close_database, open_database
from freelance_ghost.store.history import export_history, import_history

PROG = "freelance-ghost"


class CommandError(Exception):
    """Bad input or an unusable data folder: one line for the user, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command and returns its exit status."""
    args = build_parser().parse_args(argv)
    command: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if command is None:
        from freelance_ghost.ui.app import run_app  # Qt is loaded only for the window

        return run_app(data_dir(getattr(args, "data_dir", None)))
    try:
        return command(args)
    except (CommandError, HistoryFormatError, DatabaseRefusedError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except PeeweeException as error:
        print(
            f"{PROG}: the database refused the change ({error}); nothing was saved", file=sys.stderr
        )
        return 2
    finally:
        close_database()


def build_parser() -> argparse.ArgumentParser:
    """The parser; ``--data-dir`` is accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the data folder (default: $FREELANCE_GHOST_DATA_DIR, else the platform's user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Keeps your client relationships from going silent. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    importing = commands.add_parser(
        "import", parents=[common], help="import client history from a CSV file"
    )
    importing.add_argument("file", metavar="FILE.csv", type=Path)
    importing.add_argument(
        "--progress", action="store_true", help="report progress on stderr while importing"
    )
    importing.set_defaults(run=run_import)

    exporting = commands.add_parser(
        "export", parents=[common], help="write client history as CSV (to stdout without -o)"
    )
    exporting.add_argument("--client", metavar="NAME", help="only this client's history")
    exporting.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")
    exporting.add_argument(
        "--excel", action="store_true", help="start with a UTF-8 BOM so Excel reads it as UTF-8"
    )
    exporting.set_defaults(run=run_export)

    demo = commands.add_parser(
        "demo", parents=[common], help="fill an empty data folder with a sample freelancer's year"
    )
    demo.set_defaults(run=run_demo)
    return parser


def _open(args: argparse.Namespace) -> Path:
    folder = data_dir(getattr(args, "data_dir", None))
    open_database(folder, SystemClock().now())
    return folder


def run_import(args: argparse.Namespace) -> int:
    """``import FILE.csv``: all rows or none; a second import of the same file adds nothing."""
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    try:
        events = parse_history(decode_history(data), system_zone())
    except HistoryFormatError as error:
        raise CommandError(f"{path}: {error}; nothing was imported") from None
    _open(args)

    def report(done: int, total: int) -> None:
        print(f"imported {done} of {total} rows", file=sys.stderr, flush=True)

    try:
        result = import_history(events, progress=report if args.progress else None)
    except HistoryFormatError as error:
        raise CommandError(f"{path}: {error}; nothing was imported") from None
    print(
        f"Imported {path.name}: {result.rows} rows, {result.added} added, "
        f"{result.already_present} already present, {result.clients_created} new clients."
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``export``: the history CSV of everything or of one client, in time order."""
    _open(args)
    try:
        events = export_history(args.client)
    except LookupError as error:
        raise CommandError(str(error)) from None
    with _output(args.output, bom=args.excel) as out:
        write_history(events, out, system_zone())
    return 0


@contextlib.contextmanager
def _output(path: Path | None, bom: bool) -> Iterator[TextIO]:
    """stdout, or a file that appears only once it is completely written."""
    if path is None:
        stream = io.TextIOWrapper(
            sys.stdout.buffer, encoding="utf-8", newline="", write_through=True
        )
        if bom:
            sys.stdout.buffer.write(UTF8_BOM)
        try:
            yield stream
        finally:
            stream.detach()
        return
    target = path.expanduser()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent or Path.cwd())
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None
    try:
        with open(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            yield out
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_demo(args: argparse.Namespace) -> int:
    """``demo``: a believable year of a freelancer's clients, only into an empty data folder."""
    from freelance_ghost.services.demo import DemoRefusedError, load_demo

    folder = _open(args)
    try:
        summary = load_demo(SystemClock().now(), system_zone())
    except DemoRefusedError as error:
        raise CommandError(str(error)) from None
    print(f"Loaded a sample year into {folder}: {summary}. Run {PROG} to open the window.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
