"""New client, invoice, payment and check-in schedule dialogs: small forms over store functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from freelance_ghost.core.channels import channel_words
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus
from freelance_ghost.core.money import CURRENCY_EXPONENTS, MoneyError, format_amount, parse_money
from freelance_ghost.core.record_rules import (
    MAX_CADENCE_DAYS,
    check_amount,
    check_invoice_due,
    check_payment_owed,
)
from freelance_ghost.store.clients import ClientNameTakenError, create_client
from freelance_ghost.store.invoices import InvoiceError, InvoiceLine, add_invoice, add_payment
from freelance_ghost.store.schedules import current_schedule, set_schedule
from freelance_ghost.ui.dialogs import (
    ValidatedDialog,
    as_sentence,
    name_reason,
    picked_day,
    rule_reason,
    unit_suffix,
    within_supported_years,
)
from freelance_ghost.ui.item_models import STATUS_LABELS

COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    within_supported_years(edit)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    return edit


def _moment(day: date, now: datetime, zone: tzinfo) -> datetime:
    """Today means now; another day means its local noon (a date with a sensible instant)."""
    if day == now.astimezone(zone).date():
        return now
    return datetime.combine(day, time(12), tzinfo=zone)


def currency_box(selected: str = "EUR") -> QComboBox:
    """The usual currencies first, then every other ISO 4217 code."""
    box = QComboBox()
    others = sorted(set(CURRENCY_EXPONENTS) - set(COMMON_CURRENCIES))
    for code in (*COMMON_CURRENCIES, *others):
        box.addItem(code, code)
    box.setCurrentIndex(box.findData(selected))
    return box


class NewClientDialog(ValidatedDialog):
    """A new client (Ctrl+N)."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__("New client", parent)
        self._now = now
        self.created_id: int | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("Globex Ltd, or a person's name")
        self.kind = QComboBox()
        self.kind.addItem("Organization", ClientKind.ORGANIZATION)
        self.kind.addItem("Person", ClientKind.PERSON)
        self.status = QComboBox()
        for status in ClientStatus:
            self.status.addItem(STATUS_LABELS[status.value], status)
        self.status.setCurrentIndex(self.status.findData(ClientStatus.LEAD))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.add_field("name", "&Name", self.name)
        self.add_field("kind", "&Kind", self.kind)
        self.add_field("status", "&Status", self.status)
        self.add_field("notes", "N&otes", self.notes)
        self.name.textChanged.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        return {"name": name_reason(self.name.text(), "A client needs a name.")}

    def save(self) -> str:
        try:
            client = create_client(
                self.name.text(),
                self.kind.currentData(),
                self.status.currentData(),
                self._now(),
                self.notes.toPlainText().strip(),
            )
        except ClientNameTakenError as error:
            return str(error)
        self.created_id = client.id
        return ""


class InvoiceDialog(ValidatedDialog):
    """A new invoice: exact amount, a currency from the list, due in 30 days by default."""

    def __init__(
        self,
        client_id: int,
        now: Callable[[], datetime],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New invoice", parent)
        self._client_id, self._now, self._zone = client_id, now, zone
        today = now().astimezone(zone).date()
        self.number = QLineEdit()
        self.number.setPlaceholderText("2026-014")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1250.00")
        self.currency = currency_box()
        self.issued = _date_edit(today)
        self.due = _date_edit(today + timedelta(days=30))
        self.add_field("number", "N&umber", self.number)
        self.refusal_field = "number"
        self.add_field("amount", "&Amount", self.amount)
        self.add_field("currency", "&Currency", self.currency)
        self.add_field("issued", "&Issued", self.issued)
        self.add_field("due", "&Due", self.due)
        for signal in (
            self.number.textChanged,
            self.amount.textChanged,
            self.currency.currentIndexChanged,
            self.issued.dateChanged,
            self.due.dateChanged,
        ):
            signal.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        reasons = {"number": name_reason(self.number.text(), "An invoice needs a number.")}
        reasons["amount"] = _amount_reason(self.amount.text(), self.currency.currentData())
        reasons["due"] = rule_reason(
            check_invoice_due, picked_day(self.issued), picked_day(self.due)
        )
        return reasons

    def save(self) -> str:
        issued = picked_day(self.issued)
        try:
            add_invoice(
                self._client_id,
                self.number.text(),
                parse_money(self.amount.text(), self.currency.currentData()),
                _moment(issued, self._now(), self._zone),
                picked_day(self.due),
            )
        except InvoiceError as error:
            return str(error)
        return ""


def _amount_reason(text: str, currency: str) -> str:
    if not text.strip():
        return "Enter the amount, e.g. 1250.00."
    try:
        money = parse_money(text, currency)
    except MoneyError as error:
        return as_sentence(str(error))
    return rule_reason(check_amount, money.minor)


class PaymentDialog(ValidatedDialog):
    """Money received for an invoice, the outstanding amount suggested."""

    def __init__(
        self,
        line: InvoiceLine,
        now: Callable[[], datetime],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Payment for invoice {line.number}", parent)
        self._line, self._now, self._zone = line, now, zone
        self.amount = QLineEdit(format_amount(line.outstanding))
        self.received = _date_edit(now().astimezone(zone).date())
        self.add_field("amount", f"&Amount ({line.amount.currency})", self.amount)
        self.add_field("received", "&Received", self.received)
        self.amount.textChanged.connect(self.revalidate)
        self.finish_form()

    def validate(self) -> dict[str, str]:
        reason = _amount_reason(self.amount.text(), self._line.amount.currency)
        if not reason:
            paid = parse_money(self.amount.text(), self._line.amount.currency)
            owed = self._line.outstanding.minor
            reason = rule_reason(check_payment_owed, self._line.number, paid, owed)
        return {"amount": reason}

    def save(self) -> str:
        day = picked_day(self.received)
        try:
            add_payment(
                self._line.invoice_id,
                parse_money(self.amount.text(), self._line.amount.currency),
                _moment(day, self._now(), self._zone),
            )
        except InvoiceError as error:
            return str(error)
        return ""


class ScheduleDialog(ValidatedDialog):
    """How often to check in with a client, and how."""

    def __init__(
        self, client_id: int, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__("Check-in schedule", parent)
        self._client_id, self._now = client_id, now
        current = current_schedule(client_id)
        self.cadence = QSpinBox()
        self.cadence.setRange(0, MAX_CADENCE_DAYS)  # the rule's range: a longer one is refused
        self.cadence.setSpecialValueText("No check-ins")
        self.cadence.setValue(current.cadence_days if current else 14)
        unit_suffix(self.cadence, " day", " days")
        self.channel = QComboBox()
        self.channel.addItem("Any channel", None)
        for option in Channel:
            self.channel.addItem(channel_words(option).label, option)
        if current and current.channel:
            self.channel.setCurrentIndex(self.channel.findData(current.channel))
        self.add_field("cadence", "&Every", self.cadence)
        self.add_field("channel", "&Preferred channel", self.channel)
        self.finish_form()

    def save(self) -> str:
        set_schedule(self._client_id, self.cadence.value(), self.channel.currentData(), self._now())
        return ""
