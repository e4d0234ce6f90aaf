"""Invoices and payments: exact amounts, numbers unique per client, never more paid than owed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from peewee import IntegrityError, fn

from freelance_ghost.core.clock import from_micros, stored_date
from freelance_ghost.core.money import Money
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.core.record_rules import (
    RecordRuleError,
    check_amount,
    check_payment_currency,
    check_payment_date,
    check_payment_owed,
)
from freelance_ghost.store.clients import note_client_event
from freelance_ghost.store.models import Invoice, Payment, database


class InvoiceError(ValueError):
    """An invoice or payment that would make the books wrong."""


@contextmanager
def _refused_as_invoice_error() -> Iterator[None]:
    """The record rules' refusals as this module's one error, which the dialogs catch."""
    try:
        yield
    except RecordRuleError as error:
        raise InvoiceError(str(error)) from None


@dataclass(frozen=True)
class InvoiceLine:
    """One invoice as a client's page lists it."""

    invoice_id: int
    number: str
    project: str | None
    amount: Money
    paid: Money
    issued_at: datetime
    due_on: date

    @property
    def outstanding(self) -> Money:
        """What is still owed."""
        return self.amount - self.paid


def add_invoice(
    client_id: int,
    number: str,
    amount: Money,
    issued_at: datetime,
    due_on: date,
    project_id: int | None = None,
) -> Invoice:
    """Records an invoice; numbers are unique per client and amounts more than zero."""
    try:
        cleaned = clean_name(number)
    except NameRefusedError as error:
        raise InvoiceError(f"the number: {error}") from None
    if not cleaned:
        raise InvoiceError("an invoice needs a number")
    with _refused_as_invoice_error():
        check_amount(amount.minor)
    try:
        with database.atomic():
            note_client_event(client_id, issued_at)
            return Invoice.create(
                client=client_id,
                project=project_id,
                number=cleaned,
                amount_minor=amount.minor,
                currency=amount.currency,
                issued_at=issued_at,
                due_on=due_on,
            )
    except IntegrityError:
        raise InvoiceError(f"this client already has an invoice {cleaned}") from None


def add_payment(invoice_id: int, amount: Money, received_at: datetime) -> Payment:
    """Records money received; refuses another currency or more than is still owed."""
    with database.atomic(), _refused_as_invoice_error():
        invoice = Invoice.get_by_id(invoice_id)
        check_payment_currency(invoice.number, invoice.currency, amount.currency)
        check_amount(amount.minor)
        check_payment_date(invoice.number, invoice.issued_at, received_at)
        paid = (
            Payment.select(fn.COALESCE(fn.SUM(Payment.amount_minor), 0))
            .where(Payment.invoice == invoice)
            .scalar()
        )
        check_payment_owed(invoice.number, amount, invoice.amount_minor - paid)
        note_client_event(invoice.client_id, received_at)
        return Payment.create(invoice=invoice, amount_minor=amount.minor, received_at=received_at)


_LINES_SQL = """
SELECT i.id, i.number, project.name, i.amount_minor, i.currency, i.issued_at, i.due_on,
       coalesce((SELECT sum(p.amount_minor) FROM payment p WHERE p.invoice_id = i.id), 0)
FROM invoice i LEFT JOIN project ON project.id = i.project_id
WHERE i.client_id = ?
ORDER BY i.issued_at DESC, i.id DESC
"""


def invoice_lines(client_id: int) -> list[InvoiceLine]:
    """A client's invoices with what was paid, newest first.

    Plain rows, not model instances: a busy client has hundreds, and building a model object
    per row cost more than the query.
    """
    return [
        InvoiceLine(
            invoice_id=invoice_id,
            number=number,
            project=project,
            amount=Money(minor, currency),
            paid=Money(paid, currency),
            issued_at=from_micros(issued),
            due_on=stored_date(due_on),
        )
        for invoice_id, number, project, minor, currency, issued, due_on, paid in (
            database.execute_sql(_LINES_SQL, (client_id,))
        )
    ]
