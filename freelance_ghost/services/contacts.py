"""vCard files in and out: an address book's cards previewed and imported, a client's
contacts exported; shared by the command line and the window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from freelance_ghost.core.contact_import import ImportPlan, plan_import
from freelance_ghost.core.vcards import Card, VCardError, contact_uid, read_cards, vcard_text
from freelance_ghost.services.history_files import (
    HistoryFileError,
    read_whole_file,
    write_export,
)
from freelance_ghost.store.contacts import (
    ContactError,
    apply_contact_plan,
    contact_directory,
    exported_contacts,
)
from freelance_ghost.store.models import database


class ContactFileError(Exception):
    """A vCard file that cannot be read, imported or written; the message names file and line."""


def read_vcard_file(path: Path) -> list[Card]:
    """Every card of the file, checked; nothing is written."""
    try:
        data = read_whole_file(path)
    except HistoryFileError as error:
        raise ContactFileError(str(error)) from None
    try:
        return read_cards(_vcard_text(data))
    except VCardError as error:
        raise ContactFileError(f"{path}: {error}; nothing was imported") from None


def _vcard_text(data: bytes) -> str:
    """The file as text. Files that are not UTF-8 come from Windows address books (cp1252):
    read as Latin-1, their curly quotes, dashes and euro signs would become invisible
    control characters that the name check refuses. Latin-1 is left for the few bytes
    cp1252 has no character for. A quoted-printable value's own CHARSET is applied when
    the card is read."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def preview_import(cards: Sequence[Card], source: str) -> ImportPlan:
    """Where each card would go, given the records as they are now; nothing is written. A
    card the records cannot take (its addresses are different contacts') refuses the whole
    file, named ``source``, at the card's line."""
    try:
        return plan_import(cards, contact_directory())
    except VCardError as error:
        raise ContactFileError(f"{source}: {error}; nothing was imported") from None


def import_cards(
    cards: Sequence[Card], source: str, previewed: ImportPlan, at: datetime
) -> ImportPlan:
    """Writes what the preview showed, all or nothing.

    The plan is made again inside the write transaction: if the records changed since the
    preview (the window and a command both at work), what was shown is no longer what would
    be written, so nothing is, and the user is asked to look again.
    """
    try:
        with database.atomic():
            plan = preview_import(cards, source)
            if plan != previewed:
                raise ContactFileError(
                    "the records changed since the preview; nothing was imported, look again"
                )
            apply_contact_plan(plan, at)
    except ContactError as error:
        raise ContactFileError(f"{error}; nothing was imported") from None
    return plan


def export_vcards(client_name: str, target: Path) -> int:
    """Writes the client's contacts to ``target``: one .vcf file holding every card, or,
    when ``target`` is a folder, one file per card named by its UID (a vdir, as khard and
    vdirsyncer read). Each file appears whole or not at all. Returns the number of cards."""
    contacts = exported_contacts(client_name)
    if target.is_dir():
        for contact in contacts:
            uid = contact_uid(contact.key).rpartition(":")[2]
            _write(target / f"{uid}.vcf", vcard_text(contact))
    else:
        _write(target, "".join(vcard_text(contact) for contact in contacts))
    return len(contacts)


def vcards_text(client_name: str) -> str:
    """The client's contacts as one vCard text, for standard output."""
    return "".join(vcard_text(contact) for contact in exported_contacts(client_name))


def _write(path: Path, text: str) -> None:
    """One file the way every export is written (history_files.write_export): whole or not
    at all, through a link, never over the records' own files."""
    try:
        write_export(path, lambda out, _outcome: out.write(text))
    except HistoryFileError as error:
        raise ContactFileError(str(error)) from None
