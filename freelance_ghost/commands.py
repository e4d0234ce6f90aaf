"""The work of each command, with its errors said in one line (exit 2).

Imported by cli.py only once a command is chosen, so the window's start never loads it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TextIO

from freelance_ghost import PROG
from freelance_ghost.command_records import (
    command_folder,
    open_records,
    open_records_for_reading,
)
from freelance_ghost.contacts_commands import run_contacts_export, run_contacts_import
from freelance_ghost.core.addresses import AddressRefusedError, check_email_address
from freelance_ghost.core.clock import (
    SystemClock,
    ZoneError,
    parse_date,
    parse_instant,
    system_zone,
)
from freelance_ghost.core.history.rows import MovedValue, moved_values_warning
from freelance_ghost.core.insights import insights_text
from freelance_ghost.core.plurals import counted
from freelance_ghost.core.report import attention_json, attention_table
from freelance_ghost.mail_commands import (
    run_mail_add,
    run_mail_list,
    run_mail_remove,
    run_mail_sync,
)
from freelance_ghost.services.attention import attention_at
from freelance_ghost.services.backups import (
    BackupError,
    BackupReason,
    backup_now,
    maybe_daily_backup,
    newest_good_backup,
)
from freelance_ghost.services.calendar import (
    calendar_text,
    export_calendar_text,
    update_calendar_file,
)
from freelance_ghost.services.contacts import ContactFileError
from freelance_ghost.services.demo import DemoRefusedError, load_demo
from freelance_ghost.services.doctor import diagnose
from freelance_ghost.services.history_files import (
    HistoryFileError,
    export_history_file,
    import_reading,
    read_history_file,
    write_stored_history,
)
from freelance_ghost.services.insights import insights_at
from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.services.mail.files import MailFileError, import_mail_files
from freelance_ghost.services.notify.chain import choose_notifier
from freelance_ghost.services.notify.session_bus import session_bus_address
from freelance_ghost.services.reminders import CheckResult, Hold, Reminders
from freelance_ghost.services.restore import restore
from freelance_ghost.store.database import close_database
from freelance_ghost.store.errors import DatabaseWriteError, database_refusals
from freelance_ghost.store.history_export import history_rows
from freelance_ghost.store.inspection import DatabaseRefusedError
from freelance_ghost.store.mail import every_own_address
from freelance_ghost.store.mail_accounts import MailAccountError


class UsageError(Exception):
    """A bad option value: one line for the user, exit status 2."""


def run_command(args: argparse.Namespace) -> int:
    """Runs the chosen command; its refusals become one line on stderr and exit status 2."""
    command: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
    try:
        if args.command not in DIAGNOSING:
            system_zone()  # a zone that cannot be read is refused before anything is opened
        with database_refusals():
            return command(args)
    except (
        UsageError,
        HistoryFileError,
        DatabaseRefusedError,
        DemoRefusedError,
        BackupError,
        ZoneError,
        MailError,
        MailAccountError,
        MailFileError,
        ContactFileError,
    ) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except LookupError as error:  # an unknown client name
        print(f"{PROG}: {error.args[0]}", file=sys.stderr)
        return 2
    except DatabaseWriteError as error:
        print(f"{PROG}: {error}; nothing was saved", file=sys.stderr)
        return 2
    finally:
        close_database()


def run_import(args: argparse.Namespace) -> int:
    """``import FILE.csv``: all rows or none; a second import of the same file adds nothing."""
    # A missing file, one that is not a regular file, or a wrong header: refused before the
    # database opens. Any later bad row rolls the whole import back.
    with read_history_file(args.file, system_zone()) as reading:
        folder = open_records(args)

        def report(rows: int, fraction: float) -> None:
            done = counted(rows, "row", "rows")
            print(f"imported {done} ({fraction:.0%} of the file)", file=sys.stderr, flush=True)

        result = import_reading(reading, progress=report if args.progress else None)
    update_calendar_file(folder, SystemClock().now(), system_zone())
    print(
        f"Imported {args.file.name}: {counted(result.rows, 'row', 'rows')}, {result.added} added, "
        f"{result.already_present} already present, "
        f"{counted(result.clients_created, 'new client', 'new clients')}."
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``export``: the history CSV of everything or of one client, in time order.

    Dates stored outside the supported years are written moved inside them, said on stderr.
    """
    open_records_for_reading(args)
    moved: list[MovedValue] = []
    if args.output is not None:
        export_history_file(
            args.output, system_zone(), args.client, bom=args.excel, on_moved=moved.append
        )
    else:
        rows = history_rows(args.client)  # an unknown client is refused before any writing

        def write(out: TextIO) -> None:
            if args.excel:
                out.write("\ufeff")  # the BOM, as UTF-8, so Excel reads the file as UTF-8
            write_stored_history(rows, out, system_zone(), "the export stops there", moved.append)

        _to_stdout(write)
    if moved:
        print(f"{PROG}: {moved_values_warning(moved)}", file=sys.stderr)
    return 0


def run_calendar(args: argparse.Namespace) -> int:
    """``calendar``: the dated promises in the records as iCalendar (docs/calendar.md)."""
    open_records_for_reading(args)
    text = calendar_text(SystemClock().now(), system_zone())
    if args.output is not None:
        export_calendar_text(args.output, text)
    else:
        _to_stdout(lambda out: out.write(text))
    return 0


def _to_stdout(write: Callable[[TextIO], object]) -> None:
    """Writes UTF-8 to stdout; a reader that stops early (``| head``) is not an error."""
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    try:
        write(out)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # silence the last flush
    finally:
        out.detach()


def _moment(text: str | None, zone: tzinfo) -> datetime:
    """``--at``: an ISO date (its local midnight) or instant; none means now."""
    if text is None:
        return SystemClock().now()
    try:
        return parse_instant(text, zone)
    except ValueError as error:
        raise UsageError(f"--at: {error}") from None


def run_attention(args: argparse.Namespace) -> int:
    """``attention``: what needs attention, as a table or as JSON (docs/attention-json.md)."""
    zone = system_zone()
    at = _moment(args.at, zone)
    open_records_for_reading(args)
    items = attention_at(at, zone)
    if args.json:
        text = json.dumps(attention_json(items, at, zone), ensure_ascii=False, indent=2) + "\n"
    else:
        text = attention_table(items, at, zone)
    _to_stdout(lambda out: out.write(text))
    return 0


def run_insights(args: argparse.Namespace) -> int:
    """``insights``: the figures of docs/insights.md, as lines or as JSON."""
    zone = system_zone()
    since: date | None = None
    if args.since is not None:
        try:
            since = parse_date(args.since)
        except ValueError as error:
            raise UsageError(f"--since: {error}") from None
    open_records_for_reading(args)
    data = insights_at(SystemClock().now(), zone, since)
    text = (
        json.dumps(data, ensure_ascii=False, indent=2) + "\n" if args.json else insights_text(data)
    )
    _to_stdout(lambda out: out.write(text))
    return 0


def run_check(args: argparse.Namespace) -> int:
    """``check``: notifies what is new since the last check; exit 0 even with no one to tell."""
    zone = system_zone()
    at = _moment(args.at, zone)
    folder = open_records(args)
    reminders = Reminders(choose_notifier(), zone)
    result = reminders.check(at)
    update_calendar_file(folder, SystemClock().now(), zone)
    summary, problem = check_report(result, zone, reminders.first_to_find_no_service(result))
    if summary:
        print(summary)
    if problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
    try:
        maybe_daily_backup(folder, SystemClock().now(), zone)
    except BackupError as error:  # the check itself was done: say why today has no backup
        print(f"{PROG}: no daily backup today: {error}", file=sys.stderr)
    return 0


def check_report(
    result: CheckResult, zone: tzinfo, first_without_service: bool
) -> tuple[str | None, str | None]:
    """(a line for stdout, a line for stderr); nothing at all when nothing was new.

    With no notification service, where to look is said by the first check that finds none;
    the ones after it stay quiet until a notification gets through (cron mails every line).
    """
    new = len(result.due.new)
    items = f"{new} new item{'s' if new != 1 else ''}"
    if result.due.hold is Hold.PAUSED:
        return f"Notifications are paused: {items} will be notified when you resume them.", None
    if result.due.hold is Hold.QUIET_HOURS and result.due.held_until is not None:
        until = result.due.held_until.astimezone(zone).strftime("%H:%M")
        return f"Quiet hours until {until}: {items} will be notified then.", None
    if result.no_service:
        if not first_without_service:
            return None, None
        return None, (
            f"no notification service could show {items}; a later check will show them. "
            f"{_where_to_look()} (Said once: checks stay quiet until one gets through.)"
        )
    shown = len(result.shown)
    summary = (
        f"Sent {shown} notification{'s' if shown != 1 else ''} about {items}." if shown else None
    )
    if result.not_shown:
        return summary, (
            f"{len(result.not_shown)} of {shown + len(result.not_shown)} notifications could not "
            "be shown; a later check will show them"
        )
    return summary, None


def _where_to_look() -> str:
    """What to do when nothing could be shown: cron jobs are not told where the session bus is."""
    if sys.platform.startswith("linux") and session_bus_address() is None:
        bus = f"unix:path=/run/user/{os.getuid()}/bus"
        return f"From cron, give it the session bus: DBUS_SESSION_BUS_ADDRESS={bus} {PROG} check."
    return f"Run {PROG} -v check to see why."


def run_demo(args: argparse.Namespace) -> int:
    """``demo``: a believable year of a freelancer's clients, only into an empty data folder."""
    folder = open_records(args)
    summary = load_demo(SystemClock().now(), system_zone())
    update_calendar_file(folder, SystemClock().now(), system_zone())
    print(f"Loaded a sample year into {folder}: {summary}. {open_hint(args, folder)}")
    return 0


def open_hint(args: argparse.Namespace, folder: Path) -> str:
    """How to open the window on ``folder``: with the ``--data-dir`` the user gave, if any.

    Without it the window would open the default folder, not the one just filled.
    """
    if getattr(args, "data_dir", None) is None:
        return f"Run {PROG} to open the window."
    return f"Run {PROG} --data-dir {_shell_word(str(folder.absolute()))} to open the window."


def _shell_word(text: str) -> str:
    """``text`` quoted, where needed, for the user's shell (cmd.exe's rules on Windows)."""
    return subprocess.list2cmdline([text]) if os.name == "nt" else shlex.quote(text)


def run_backup(args: argparse.Namespace) -> int:
    """``backup``: an online backup of the database now, checked; prints its path."""
    folder = open_records(args)
    print(backup_now(folder, SystemClock().now(), BackupReason.MANUAL, system_zone()).path)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """``restore [FILE]``: the current database is backed up (or set aside if damaged) first."""
    folder = command_folder(args)
    chosen = args.file if args.file is not None else newest_good_backup(folder)
    if chosen is None:
        raise UsageError(f"there is no good backup to restore in {folder / 'backups'}")
    result = restore(folder, chosen, SystemClock().now(), system_zone())
    print(f"Restored {result.restored_from}.")
    if result.safety_backup is not None:
        print(f"The database as it was is backed up in {result.safety_backup}.")
    if result.set_aside is not None:
        print(f"The damaged database was kept, untouched, as {result.set_aside}.")
    return 0


def run_mail_import(args: argparse.Namespace) -> int:
    """``mail import PATH...``: all messages or none; a second import of the same files adds
    nothing. ``--me`` addresses are checked before the database opens."""
    mine = set()
    for address in args.me:
        try:
            mine.add(check_email_address(address).lower())
        except AddressRefusedError as error:
            raise UsageError(f"--me: {error}") from None
    folder = open_records(args)
    own = every_own_address() | frozenset(mine)
    result = import_mail_files(args.paths, own, on_unreadable=_say_skipped)
    update_calendar_file(folder, SystemClock().now(), system_zone())
    print(
        f"Read {counted(result.read, 'message', 'messages')}: "
        f"{counted(result.logged, 'interaction', 'interactions')} logged, "
        f"{result.already} read before, {result.bulk} bulk, "
        f"{counted(result.strangers, 'mention', 'mentions')} of people who are no client's "
        f"contact, {result.unreadable} without a usable date (skipped)."
    )
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    """``doctor``: every check of services/doctor.py; exit 1 when the app cannot work."""
    diagnosis = diagnose(command_folder(args))
    if args.json:
        text = json.dumps(diagnosis.as_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = diagnosis.text()
    _to_stdout(lambda out: out.write(text))
    return 0 if diagnosis.can_work else 1


def _say_skipped(where: str) -> None:
    """A message skipped for want of a date: one line on stderr, the import goes on."""
    print(f"{PROG}: skipped {where}", file=sys.stderr)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": run_import,
    "export": run_export,
    "attention": run_attention,
    "insights": run_insights,
    "calendar": run_calendar,
    "check": run_check,
    "demo": run_demo,
    "backup": run_backup,
    "restore": run_restore,
    "mail add": run_mail_add,
    "mail list": run_mail_list,
    "mail remove": run_mail_remove,
    "mail sync": run_mail_sync,
    "mail import": run_mail_import,
    "contacts import": run_contacts_import,
    "contacts export": run_contacts_export,
    "doctor": run_doctor,
}
DIAGNOSING = {"doctor"}  # reports an unreadable time zone instead of being refused by it
