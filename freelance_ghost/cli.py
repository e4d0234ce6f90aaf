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

    calendar = commands.add_parser(
        "calendar",
        parents=[common],
        help="write check-ins, next steps, deadlines and invoice due dates as iCalendar",
        description="Writes an iCalendar file: each client's next check-in at its time, with an "
        "alarm, and next steps, active projects' deadlines and unpaid invoices' due dates as "
        "all-day events. Each event keeps its UID from one export to the next, so importing a "
        "newer export updates events instead of doubling them. The data folder always holds a "
        "current copy, freelance-ghost.ics, for calendar apps to subscribe to "
        "(docs/calendar.md).",
    )
    calendar.add_argument(
        "-o", "--output", metavar="FILE.ics", type=Path, help="write to FILE.ics (default: stdout)"
    )
    calendar.set_defaults(command="calendar")

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
    _add_mail_commands(commands, common)
    _add_contacts_commands(commands, common)
    _add_doctor_command(commands, common)
    return parser


def _add_doctor_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """``doctor``: what a supporter asks first (services/doctor.py)."""
    doctor = commands.add_parser(
        "doctor",
        parents=[common],
        help="check what the app needs and say how to fix each problem",
        description="Checks the data folder and database (schema, size, integrity, last "
        "backup), notifications, the tray, start at login, the time zone and the keyring, "
        "and says in one sentence how to fix each problem. Changes nothing. Exit status 0 "
        "when the app can work, 1 when something it needs is missing.",
    )
    doctor.add_argument("--json", action="store_true", help="print one JSON object")
    doctor.set_defaults(command="doctor")


def _add_mail_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """The ``mail`` group: reading mail into interactions (docs/mail.md)."""
    mail = commands.add_parser(
        "mail",
        parents=[common],
        help="log conversations from mail",
        description="Logs your conversations with clients from mail: each message from or to "
        "a client's contact becomes an interaction, once, however often it is read. Mail is "
        "only read: nothing in a mailbox or mail file is changed, and no message text but a "
        "client's subject is kept.",
    )
    mail_commands = mail.add_subparsers(title="mail commands", metavar="COMMAND", required=True)
    importing = mail_commands.add_parser(
        "import",
        parents=[common],
        help="log the messages of .mbox files, Maildir folders and .eml files",
        description="Reads the headers of every message in these mail files and logs those "
        "from or to a client's contact, as a mail sync would; a message already logged is "
        "not logged again. All or nothing: a path that is no mail file stops the import and "
        "nothing is written.",
    )
    importing.add_argument(
        "paths",
        metavar="PATH",
        type=Path,
        nargs="+",
        help="an .mbox file (Thunderbird, Gmail Takeout), a Maildir folder or an .eml file",
    )
    importing.add_argument(
        "--me",
        metavar="ADDR",
        action="append",
        default=[],
        help="one of your own addresses (repeat for each): a message from it went out; "
        "the addresses of your mail accounts count too",
    )
    importing.set_defaults(command="mail import")

    adding = mail_commands.add_parser(
        "add",
        parents=[common],
        help="add a read-only IMAP account (tests the connection first)",
        description="Adds an IMAP account after logging in and opening its folders read-only. "
        "The password comes from $FREELANCE_GHOST_MAIL_PASSWORD or a prompt, never from an "
        "argument, and is kept in the system keyring, never in the data folder. The connection "
        "is always encrypted and the server's certificate verified.",
    )
    adding.add_argument("name", metavar="NAME", help="a name for the account, such as work")
    adding.add_argument("--host", required=True, help="the IMAP server, such as imap.gmail.com")
    adding.add_argument(
        "--port", type=int, help="the server's port (default: 993 for ssl, 143 for starttls)"
    )
    adding.add_argument(
        "--security",
        default="ssl",
        help="ssl (TLS from the start, the default) or starttls; plain text is never used",
    )
    adding.add_argument("--user", required=True, help="the login, usually your address")
    adding.add_argument(
        "--me",
        metavar="ADDR",
        action="append",
        help="another address of yours, so mail from it counts as sent (repeat for each)",
    )
    adding.add_argument(
        "--folder",
        metavar="F",
        action="append",
        help="a folder to read (repeat for each; default: INBOX and the Sent folder)",
    )
    adding.add_argument(
        "--cafile",
        metavar="PEM",
        type=Path,
        help="the certificate authority of a self-hosted server with its own certificates",
    )
    adding.set_defaults(command="mail add")

    listing = mail_commands.add_parser("list", parents=[common], help="list the mail accounts")
    listing.set_defaults(command="mail list")

    removing = mail_commands.add_parser(
        "remove", parents=[common], help="forget an account and its stored password"
    )
    removing.add_argument("name", metavar="NAME")
    removing.set_defaults(command="mail remove")

    syncing = mail_commands.add_parser(
        "sync",
        parents=[common],
        help="log the new messages of every account (or one) as interactions",
    )
    syncing.add_argument("name", metavar="NAME", nargs="?", help="only this account")
    syncing.add_argument(
        "--json", action="store_true", help='print {"accounts": [...]} with the counts'
    )
    syncing.set_defaults(command="mail sync")


def _add_contacts_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """The ``contacts`` group: address book cards in and out (docs/contacts.md)."""
    contacts = commands.add_parser(
        "contacts",
        parents=[common],
        help="import contacts from a vCard file, or export a client's as vCard",
    )
    contacts_commands = contacts.add_subparsers(
        title="contacts commands", metavar="COMMAND", required=True
    )
    importing = contacts_commands.add_parser(
        "import",
        parents=[common],
        help="import the cards of a .vcf file as clients and contacts",
        description="Reads every card of a vCard file (2.1, 3.0 or 4.0) and shows where each "
        "goes: to the contact that has one of its email addresses, else to the client its ORG "
        "names, else to a new client (the organization, or the person). Then imports all cards "
        "or none: a card that cannot be read stops the import with its line.",
    )
    importing.add_argument("file", metavar="FILE.vcf", type=Path, help="a vCard file")
    importing.add_argument(
        "--dry-run", action="store_true", help="only show where each card would go"
    )
    importing.set_defaults(command="contacts import")
    exporting = contacts_commands.add_parser(
        "export",
        parents=[common],
        help="write a client's contacts as vCard 3.0 (to stdout without -o)",
        description="Writes one card per contact, each with a UID that stays the same from "
        "one export to the next. With -o FOLDER, one file per card (a vdir).",
    )
    exporting.add_argument("--client", metavar="NAME", required=True, help="the client")
    exporting.add_argument(
        "-o", "--output", metavar="FILE.vcf", type=Path, help="write to this file or folder"
    )
    exporting.set_defaults(command="contacts export")


if __name__ == "__main__":
    sys.exit(main())
