"""The rules every writer of records obeys, whatever writes: a dialog, an import, a sync.

Each rule is a pure function that returns nothing or raises :class:`RecordRuleError`, whose
message reads as is in a dialog and takes a line in front of it in a history file's
refusal (``column`` says which of the file's columns holds the refused value). A writer
calls the rule with what it already holds (the stored invoice, what was paid on it), so
the rule costs no query and the import can call it at a million rows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from freelance_ghost.core.money import Money, format_amount

MAX_CADENCE_DAYS = 3650  # ten years: longer is a typo, and would overflow date arithmetic

# An instant as the writer holds it: a datetime, or UTC microseconds as stored.
_Instant = TypeVar("_Instant", int, datetime)


class RecordRuleError(ValueError):
    """A change that would make the records wrong; ``column`` names the history column."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def check_amount(amount: int | Decimal) -> None:
    """An invoice or a payment moves money one way: a zero or negative amount is a typo.

    ``amount`` is in minor units, or a decimal as a file holds it before its currency is
    known: only its sign matters."""
    if amount <= 0:
        raise RecordRuleError("the amount must be more than zero", "amount")


def check_invoice_due(issued_on: date, due_on: date) -> None:
    """An invoice falls due on or after the day it is issued: an earlier day is a typo.

    Only where an invoice is typed in: older versions recorded such invoices, and their
    exports must keep importing, so the import and the store leave this rule out."""
    if due_on < issued_on:
        raise RecordRuleError("the due date is before the invoice was issued", "due_date")


def check_payment_currency(number: str, invoice_currency: str, currency: str) -> None:
    """A payment is in its invoice's currency: the books never convert."""
    if currency != invoice_currency:
        raise RecordRuleError(
            f"invoice {number} is in {invoice_currency}, not {currency}", "currency"
        )


def check_payment_date(number: str, issued_at: _Instant, received_at: _Instant) -> None:
    """Money cannot arrive for an invoice before the invoice exists."""
    if received_at < issued_at:
        raise RecordRuleError(
            f"a payment cannot come before invoice {number} was issued", "timestamp"
        )


def check_payment_owed(number: str, payment: Money, owed_minor: int) -> None:
    """Never more paid than owed: what is owed is the invoice less its earlier payments."""
    if payment.minor > owed_minor:
        left = format_amount(Money(owed_minor, payment.currency))
        raise RecordRuleError(
            f"this payment is more than the {left} {payment.currency} still owed on "
            f"invoice {number}",
            "amount",
        )


def check_cadence(days: int) -> None:
    """A check-in rhythm is 0 (none) to ten years of days: longer is a typo, and would
    overflow the date arithmetic of the reminders."""
    if days < 0:
        raise RecordRuleError("the cadence is a number of days, 0 or more", "cadence_days")
    if days > MAX_CADENCE_DAYS:
        raise RecordRuleError(
            f"{days} days is longer than the {MAX_CADENCE_DAYS}-day maximum", "cadence_days"
        )


def check_next_step(next_step: str, due: date | None) -> None:
    """A due date belongs to a next step: alone, nothing would say what is due."""
    if due is not None and not next_step.strip():
        raise RecordRuleError("a due date needs a next step", "next_step")
