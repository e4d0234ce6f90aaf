"""The ``mail`` accounts commands: add (after a test connection), list, remove, sync.

The IMAP library and the keyring load only when a command needs them. A password is never
an argument: it comes from FREELANCE_GHOST_MAIL_PASSWORD or a prompt, and is kept in the
system keyring, never in the data folder.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from freelance_ghost import PROG
from freelance_ghost.command_records import open_records
from freelance_ghost.core.clock import SystemClock, system_zone
from freelance_ghost.core.plurals import counted
from freelance_ghost.services.calendar import update_calendar_file
from freelance_ghost.services.mail.errors import MailError
from freelance_ghost.store.mail_accounts import (
    Account,
    MailAccountError,
    add_account,
    checked_account,
    get_account,
    list_accounts,
    remove_account,
)


def run_mail_add(args: argparse.Namespace) -> int:
    """``mail add``: checks the fields, logs in and examines the folders, then stores it all."""
    from freelance_ghost.services.mail.imap import check_connection
    from freelance_ghost.services.mail.passwords import (
        PASSWORD_VARIABLE,
        forget_password,
        store_password,
    )

    account = checked_account(
        args.name,
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.user,
        own_addresses=tuple(args.me or ()),
        folders=tuple(args.folder or ()),
        cafile=str(args.cafile.resolve()) if args.cafile is not None else "",
    )
    open_records(args)
    if any(known.name == account.name for known in list_accounts()):
        raise MailAccountError(f"there is already a mail account named {account.name}")
    password = _new_password(account)
    folders = check_connection(account, password)
    kept = store_password(account.name, password)
    try:
        add_account(account, SystemClock().now())
    except BaseException:
        if kept:
            forget_password(account.name)
        raise
    where = f"{account.username} at {account.host}:{account.port}"
    print(f"Added {account.name} ({where}), reading {_listed(folders)}, read-only.")
    if kept:
        print("Its password is kept in the system keyring.")
    else:
        print(
            f"This system has no keyring to keep its password: set {PASSWORD_VARIABLE} "
            f"when you run {PROG} mail sync."
        )
    return 0


def _new_password(account: Account) -> str:
    """From the variable, else asked in the terminal (never an argument, never echoed)."""
    from freelance_ghost.services.mail.passwords import PASSWORD_VARIABLE

    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise MailError(
            f"no password for {account.name}: set {PASSWORD_VARIABLE} or run this in a terminal "
            "to be asked"
        )
    try:
        typed = getpass.getpass(f"Password of {account.username} at {account.host}: ")
    except EOFError:
        typed = ""
    if not typed:
        raise MailError(f"no password given for {account.name}; nothing was added")
    return typed


def run_mail_list(args: argparse.Namespace) -> int:
    """``mail list``: each account, where it reads and what it takes as the user's addresses."""
    open_records(args)
    accounts = list_accounts()
    if not accounts:
        print(f"No mail accounts. Add one with {PROG} mail add NAME --host HOST --user USER.")
        return 0
    for account in accounts:
        folders = _listed(account.folders) if account.folders else "INBOX and the Sent folder"
        print(
            f"{account.name}: {account.username} at {account.host}:{account.port} "
            f"({account.security.value}), reading {folders}; "
            f"your addresses: {', '.join(sorted(account.own())) or 'none'}"
        )
    return 0


def run_mail_remove(args: argparse.Namespace) -> int:
    """``mail remove``: forgets the account, its folder positions and its stored password."""
    from freelance_ghost.services.mail.passwords import forget_password

    open_records(args)
    account = remove_account(args.name)
    forget_password(account.name)
    print(
        f"Removed {account.name} and forgot its password; the interactions it logged stay. "
        "Nothing on the mail server was changed."
    )
    return 0


def run_mail_sync(args: argparse.Namespace) -> int:
    """``mail sync [NAME]``: every account (or one) in turn; one failing does not stop the
    others, and each failure is one line (exit 2)."""
    from freelance_ghost.services.mail.passwords import password_for_sync
    from freelance_ghost.services.mail.sync import sync_account

    folder = open_records(args)
    accounts = [get_account(args.name)] if args.name else list_accounts()
    if not accounts:
        raise MailAccountError(f"there is no mail account to sync; add one with {PROG} mail add")
    results: list[dict[str, Any]] = []
    for account in accounts:
        try:
            report = sync_account(account, password_for_sync(account.name), folder)
        except MailError as error:
            results.append({"account": account.name, "error": str(error)})
            print(f"{PROG}: {account.name}: {error}", file=sys.stderr)
            continue
        total = report.total
        results.append(
            {
                "account": account.name,
                "read": total.read,
                "logged": total.logged,
                "already": total.already,
                "bulk": total.bulk,
                "strangers": total.strangers,
                "unreadable": total.unreadable,
                "folders": [
                    {
                        "folder": each.folder,
                        "read": each.result.read,
                        "logged": each.result.logged,
                        "reread": each.reread,
                    }
                    for each in report.folders
                ],
            }
        )
        if not args.json:
            print(_sync_line(account.name, results[-1]))
    update_calendar_file(folder, SystemClock().now(), system_zone())
    if args.json:
        print(json.dumps({"accounts": results}, ensure_ascii=False, indent=2))
    return 2 if any("error" in result for result in results) else 0


def _sync_line(name: str, result: dict[str, Any]) -> str:
    return (
        f"{name}: {counted(result['read'], 'new message', 'new messages')} read, "
        f"{counted(result['logged'], 'interaction', 'interactions')} logged, "
        f"{result['already']} already logged, {result['bulk']} bulk ignored."
    )


def _listed(folders: tuple[str, ...] | list[str]) -> str:
    return ", ".join(folders)
