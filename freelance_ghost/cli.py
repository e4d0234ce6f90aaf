"""The command line (the README lists its commands); with no command it opens the window.

Qt loads only for the window.

This module stays light: the window's first frame waits for nothing it imports.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from freelance_ghost import PROG, __version__
from freelance_ghost.paths import data_dir


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command and returns its exit status."""
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format=f"{PROG}: %(message)s")
    if getattr(args, "command", None) is None:
        from freelance_ghost.ui.app import run_app  # Qt is loaded only for the window

        return run_app(data_dir(getattr(args, "data_dir", None)))
    from freelance_ghost.commands import run_command  # the records' code, only for commands

    return run_command(args)


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
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say on stderr what the app is doing"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="import client history from a CSV file",
        description="Imports a client history CSV: one row per event (a client, a contact, a "
        "conversation, a project, an invoice, a payment, a check-in schedule), as export writes "
        "it. All rows or none: a bad row stops the import with its line and column, and nothing "
        "is written. Importing the same file again adds nothing.",
    )
    importing.add_argument(
        "file",
        metavar="FILE.csv",
        type=Path,
        help="a client history CSV as written by export: UTF-8, the 17-column header "
        "client,timestamp,event,...,cadence_days, one row per event (docs/history-format.md "
        "describes every column)",
    )
    importing.add_argument(
        "--progress", action="store_true", help="report progress on stderr while importing"
    )
    importing.set_defaults(command="import")

    exporting = commands.add_parser(
        "export", parents=[common], help="write client history as CSV (to stdout without -o)"
    )
    exporting.add_argument("--client", metavar="NAME", help="only this client's history")
    exporting.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE")
    exporting.add_argument(
        "--excel", action="store_true", help="start with a UTF-8 BOM so Excel reads it as UTF-8"
    )
    exporting.set_defaults(command="export")

    attention = commands.add_parser(
        "attention",
        parents=[common],
        help="print what needs attention (default: now)",
        description="Prints what needs your attention, most urgent first: for each item what "
        "it is, the client, how long it has been past due (Past due by) and what to do next. "
        "! marks the urgent: a client who has ghosted you, or an invoice at its final notice. "
        "docs/rules.md explains every rule with worked examples.",
    )
    attention.add_argument(
        "--at", metavar="ISO", help="the moment to ask about: 2026-12-01 or 2026-12-01T09:30+01:00"
    )
    attention.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object instead of the table: {"at": ..., "items": [...]}, '
        "most urgent first (docs/attention-json.md lists every field)",
    )
    attention.set_defaults(command="attention")

    insights = commands.add_parser(
        "insights",
        parents=[common],
        help="what works with whom: replies, the ladder, silences, commitment, days to pay",
        description="Reply rates and times by channel, weekday and hour of your message; which "
        "ladder step brought the reply; where clients go quiet; interactions before commitment; "
        "days to pay. Each figure says how many cases it rests on and is hidden below 5. "
        "docs/insights.md defines every figure.",
    )
    insights.add_argument(
        "--since", metavar="DATE", help="only messages and invoices from this date: 2026-01-01"
    )
    insights.add_argument("--json", action="store_true", help="print one JSON object")
    insights.set_defaults(command="insights")

    check = commands.add_parser(
        "check",
        parents=[common],
        help="notify what is new since the last check (for cron or a login item)",
    )
    check.add_argument(
        "--at", metavar="ISO", help="check as of this moment: 2026-12-01T09:30+01:00 (default now)"
    )
    check.set_defaults(command="check")

    demo = commands.add_parser(
        "demo", parents=[common], help="fill an empty data folder with a sample freelancer's year"
    )
    demo.set_defaults(command="demo")

    backup = commands.add_parser(
        "backup", parents=[common], help="back up the database now and print the backup's path"
    )
    backup.set_defaults(command="backup")

    restoring = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a backup (default: the newest good one), "
        "after backing up the current one",
    )
    restoring.add_argument(
        "file", metavar="FILE", type=Path, nargs="?", help="the backup to restore"
    )
    restoring.set_defaults(command="restore")
    return parser


if __name__ == "__main__":
    sys.exit(main())
