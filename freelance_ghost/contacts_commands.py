"""The ``contacts`` commands: import a vCard file (after showing where each card goes) and
export a client's contacts as vCard."""

from __future__ import annotations

import argparse
import sys

from freelance_ghost.command_records import open_records, open_records_for_reading
from freelance_ghost.core.clock import SystemClock
from freelance_ghost.core.contact_import import ImportPlan, PlannedCard
from freelance_ghost.core.plurals import counted
from freelance_ghost.services.contacts import (
    export_vcards,
    import_cards,
    preview_import,
    read_vcard_file,
    vcards_text,
)


def run_contacts_import(args: argparse.Namespace) -> int:
    """``contacts import FILE.vcf [--dry-run]``: the preview, then all cards or none.

    The file is read and checked before the database opens.
    """
    cards = read_vcard_file(args.file)
    open_records(args)
    plan = preview_import(cards, str(args.file))
    print(preview_text(plan))
    if args.dry_run:
        print("Dry run: nothing was imported.")
        return 0
    import_cards(cards, str(args.file), plan, SystemClock().now())
    print(f"Imported {args.file.name}.")
    return 0


def preview_text(plan: ImportPlan) -> str:
    """One line per card (where it goes and what it adds), then the totals."""
    return "\n".join([*(preview_line(card) for card in plan.cards), plan.summary()])


def preview_line(card: PlannedCard) -> str:
    """'line 1: Ann Lee -> Initech (new client), contact Ann Lee (new): 1 email, 1 phone'."""
    client = f"{card.client_name} ({card.match})"
    contact = f"contact {card.contact_name}" + (" (new)" if card.contact_id is None else "")
    return f"line {card.line}: {card.card_name} -> {client}, {contact}: {card.additions()}"


def run_contacts_export(args: argparse.Namespace) -> int:
    """``contacts export --client NAME [-o FILE.vcf|FOLDER]``: one card per contact."""
    open_records_for_reading(args)  # exporting writes at most the records' id, once
    if args.output is None:
        sys.stdout.write(vcards_text(args.client))
        return 0
    cards = export_vcards(args.client, args.output)
    print(f"Wrote {counted(cards, 'card', 'cards')} to {args.output}.")
    return 0
