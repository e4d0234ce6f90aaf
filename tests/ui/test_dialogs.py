"""Dialogs: inline reasons next to fields, Save only when valid, and what lands in the records."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from freelance_ghost.core.attention import AttentionSettings, Stage
from freelance_ghost.core.kinds import Channel, ClientKind, ClientStatus, ProjectStatus
from freelance_ghost.core.money import Money
from freelance_ghost.core.templates import TemplateName
from freelance_ghost.services.autostart import login_item
from freelance_ghost.services.notify.log_backend import LogNotifier
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.clients import create_client
from freelance_ghost.store.contacts import add_contact, contact_cards
from freelance_ghost.store.invoices import add_invoice, invoice_lines
from freelance_ghost.store.models import (
    CheckinSchedule,
    Client,
    Interaction,
    Invoice,
    Payment,
    ProjectChange,
)
from freelance_ghost.store.overview import client_header
from freelance_ghost.store.projects import project_lines
from freelance_ghost.store.schedules import Schedule, current_schedule, set_schedule
from freelance_ghost.store.settings import (
    START_IN_TRAY,
    QuietHours,
    load,
    load_attention_settings,
    load_reminder_settings,
)
from freelance_ghost.store.templates import customized_templates, load_my_name, load_template
from freelance_ghost.ui.dialogs import ValidatedDialog
from freelance_ghost.ui.dialogs.log_interaction import LogInteractionDialog
from freelance_ghost.ui.dialogs.patience import PatienceDialog
from freelance_ghost.ui.dialogs.people import ContactDialog, MethodDialog, ProjectDialog
from freelance_ghost.ui.dialogs.records import (
    InvoiceDialog,
    NewClientDialog,
    PaymentDialog,
    ScheduleDialog,
)
from freelance_ghost.ui.dialogs.settings import SettingsDialog
from freelance_ghost.ui.workspace import open_window
from tests.conftest import BERLIN, NOW
from tests.ui.conftest import click_save, screenshot


def save_enabled(dialog: ValidatedDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def reason(dialog: ValidatedDialog, field: str) -> str:
    error = dialog.errors[field]
    return error.text() if error.isVisibleTo(dialog) else ""


@pytest.fixture
def globex(db: Path) -> int:
    client = create_client("Globex", ClientKind.ORGANIZATION, ClientStatus.ACTIVE, NOW)
    add_contact(client.id, "Hank", "CEO", NOW)
    return client.id


def test_log_interaction_validates_and_saves(qtbot: QtBot, globex: int) -> None:
    dialog = LogInteractionDialog(lambda: NOW, BERLIN, globex)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.contact.currentText() == "Hank"  # the only contact is chosen for you
    dialog.has_due.setChecked(True)
    assert reason(dialog, "next_step") == "A due date needs a next step."
    assert not save_enabled(dialog)
    dialog.next_step.setText("Send the contract")
    assert save_enabled(dialog)
    tomorrow = dialog.when.dateTime().addDays(1)
    dialog.when.setDateTime(tomorrow)
    assert reason(dialog, "when") == "An interaction can't be in the future."
    dialog.when.setDateTime(tomorrow.addDays(-2))
    dialog.summary.setPlainText("Agreed the scope on a call")
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.PHONE))
    screenshot(dialog, "dialog-log-interaction")
    click_save(dialog)
    logged = Interaction.get()
    assert (logged.channel, logged.direction, logged.next_step) == (
        "phone",
        "out",
        "Send the contract",
    )
    assert logged.contact.name == "Hank"
    assert logged.occurred_at == NOW.replace(second=0) - timedelta(days=1)


def test_new_client_refuses_a_taken_name_in_place(qtbot: QtBot, globex: int) -> None:
    dialog = NewClientDialog(lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert reason(dialog, "name") == "A client needs a name."
    dialog.name.setText("GLOBEX")
    click_save(dialog)
    assert reason(dialog, "name") == "There is already a client named GLOBEX."
    assert dialog.result() == 0  # still open
    dialog.name.setText("Initech")
    dialog.kind.setCurrentIndex(dialog.kind.findData(ClientKind.PERSON))
    screenshot(dialog, "dialog-new-client")
    click_save(dialog)
    created = Client.get_by_id(dialog.created_id)
    assert (created.name, created.kind, created.status) == ("Initech", "person", "lead")


@pytest.mark.parametrize(
    ("amount", "currency", "why"),
    [
        ("12.345", "EUR", "12.345 has more decimals than EUR allows (2 after the point)."),
        ("100.5", "JPY", "100.5 has more decimals than JPY allows (0 after the point)."),
        ("-5", "EUR", "'-5' is negative: amounts must be zero or more."),
        ("1,250", "EUR", "'1,250' is not a plain decimal amount such as 1250.00."),
        ("0", "EUR", "The amount must be more than zero."),
        ("", "EUR", "Enter the amount, e.g. 1250.00."),
    ],
)
def test_invoice_amounts_are_exact(
    qtbot: QtBot, globex: int, amount: str, currency: str, why: str
) -> None:
    dialog = InvoiceDialog(globex, lambda: NOW, BERLIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.number.setText("2026-014")
    dialog.currency.setCurrentIndex(dialog.currency.findData(currency))
    dialog.amount.setText(amount)
    assert reason(dialog, "amount") == why
    assert not save_enabled(dialog)
    click_save(dialog)
    assert Invoice.select().count() == 0


def test_invoice_is_due_in_30_days_and_saved_exactly(qtbot: QtBot, globex: int) -> None:
    dialog = InvoiceDialog(globex, lambda: NOW, BERLIN)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.due.date().toPython() == date(2026, 11, 23) + timedelta(days=30)
    dialog.number.setText("2026-014")
    dialog.amount.setText("1250.50")
    dialog.due.setDate(QDate(2026, 11, 1))
    assert reason(dialog, "due") == "The due date is before the invoice was issued."
    dialog.due.setDate(QDate(2026, 12, 23))
    screenshot(dialog, "dialog-invoice")
    click_save(dialog)
    invoice = Invoice.get()
    assert (invoice.amount_minor, invoice.currency, invoice.issued_at) == (125050, "EUR", NOW)


def test_payment_cannot_exceed_what_is_owed(qtbot: QtBot, globex: int) -> None:
    add_invoice(globex, "2026-014", Money(125000, "EUR"), NOW, date(2026, 12, 23))
    (line,) = invoice_lines(globex)
    dialog = PaymentDialog(line, lambda: NOW, BERLIN)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.amount.text() == "1250.00"  # the outstanding amount, suggested
    dialog.amount.setText("1250.01")
    assert reason(dialog, "amount") == (
        "This payment is more than the 1250.00 EUR still owed on invoice 2026-014."
    )
    dialog.amount.setText("500")
    screenshot(dialog, "dialog-payment")
    click_save(dialog)
    assert Payment.get().amount_minor == 50000
    assert invoice_lines(globex)[0].outstanding == Money(75000, "EUR")


def test_date_fields_offer_only_the_years_the_records_take(qtbot: QtBot, globex: int) -> None:
    add_invoice(globex, "2026-014", Money(125000, "EUR"), NOW, date(2026, 12, 23))
    (line,) = invoice_lines(globex)
    log = LogInteractionDialog(lambda: NOW, BERLIN, globex)
    invoice = InvoiceDialog(globex, lambda: NOW, BERLIN)
    payment = PaymentDialog(line, lambda: NOW, BERLIN)
    project = ProjectDialog(globex, lambda: NOW)
    fields = [log.when, log.due, invoice.issued, invoice.due, payment.received, project.deadline]
    for dialog in (log, invoice, payment, project):
        qtbot.addWidget(dialog)
    for field in fields:
        field.setDate(QDate(1066, 10, 14))
        assert field.date() == QDate(1900, 1, 2)  # a day in: any zone's offset stays in 1900
        field.setDate(QDate(9999, 12, 31))
        assert field.date() == QDate(2200, 12, 30)


def test_schedule_dialog_sets_the_rhythm(qtbot: QtBot, globex: int) -> None:
    dialog = ScheduleDialog(globex, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cadence.setValue(21)
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.VIDEO))
    screenshot(dialog, "dialog-schedule")
    click_save(dialog)
    schedule = CheckinSchedule.get()
    assert (schedule.cadence_days, schedule.channel, schedule.set_at) == (21, "video", NOW)


def test_schedule_dialog_keeps_a_long_imported_rhythm(qtbot: QtBot, globex: int) -> None:
    """A history file may set any cadence the rule allows (to 3650 days): the dialog shows
    it as it is, so saving another change does not cut it short."""
    set_schedule(globex, 500, None, NOW)
    dialog = ScheduleDialog(globex, lambda: NOW)
    qtbot.addWidget(dialog)
    assert dialog.cadence.value() == 500
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.EMAIL))
    click_save(dialog)
    assert current_schedule(globex) == Schedule(500, Channel.EMAIL, NOW)


def test_settings_dialog_stores_the_engine_settings(qtbot: QtBot, db: Path) -> None:
    dialog = SettingsDialog(Reminders(LogNotifier(), BERLIN), login_item())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.settings() == AttentionSettings()  # the documented defaults until changed
    dialog.min_silence.setValue(5)
    dialog.multiplier.setValue(2.5)
    dialog.stages["reminder_2"].setValue(1)
    assert reason(dialog, "final_notice") == "Each reminder must come later than the one before."
    dialog.stages["reminder_2"].setValue(10)
    screenshot(dialog, "dialog-settings")
    click_save(dialog)
    stored = load_attention_settings()
    assert stored.min_silence == timedelta(days=5)
    assert stored.multiplier == 2.5
    assert dict(stored.stage_days)[Stage.REMINDER_2] == 10


def test_money_in_the_form_is_never_a_float(globex: int) -> None:
    add_invoice(globex, "X", Money(1, "KWD"), NOW, date(2026, 12, 1))
    (line,) = invoice_lines(globex)
    assert line.amount.decimal == Decimal("0.001")


def test_patience_sets_this_clients_own_threshold(qtbot: QtBot, globex: int) -> None:
    settings = load_attention_settings()
    dialog = PatienceDialog(client_header(globex, settings), settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.minimum.isEnabled()  # the global 3 days apply until ticked
    assert dialog.minimum.value() == 3
    dialog.own_minimum.setChecked(True)
    dialog.minimum.setValue(10)
    screenshot(dialog, "dialog-patience")
    click_save(dialog)
    header = client_header(globex, settings)
    # no replies yet: T = 1 day (default); threshold = max(10 days, 2 x 1 day) = 10 days
    assert (header.min_silence_hours, header.threshold) == (240, timedelta(days=10))


def test_settings_reminders_and_start_up(
    qtbot: QtBot, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    dialog = SettingsDialog(Reminders(LogNotifier(), BERLIN), login_item())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    assert dialog.quiet_hours() == QuietHours(time(20), time(8))  # the default
    dialog.quiet_start.setTime(QTime(22, 0))
    dialog.quiet_end.setTime(QTime(22, 0))
    assert reason(dialog, "quiet") == "Quiet hours must start and end at different times."
    dialog.quiet_end.setTime(QTime(7, 30))
    dialog.paused.setChecked(True)
    dialog.minimised.setChecked(True)
    dialog.at_login.setChecked(True)
    screenshot(dialog, "dialog-settings-reminders")
    click_save(dialog)
    stored = load_reminder_settings()
    assert (stored.quiet_hours, stored.paused) == (QuietHours(time(22), time(7, 30)), True)
    assert load(START_IN_TRAY)
    entry = tmp_path / "config" / "autostart" / "freelance-ghost.desktop"
    assert entry.exists()
    again = SettingsDialog(Reminders(LogNotifier(), BERLIN), login_item())
    qtbot.addWidget(again)
    again.at_login.setChecked(False)
    click_save(again)
    assert not entry.exists()


def test_settings_edit_a_message_template(qtbot: QtBot, db: Path) -> None:
    dialog = SettingsDialog(Reminders(LogNotifier(), BERLIN), login_item())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    dialog.my_name.setText("Sam Rivera")
    choice = dialog.template_choice
    choice.setCurrentIndex(choice.findData(TemplateName.FINAL_MESSAGE))
    dialog.body.setPlainText("Hi {contact}, I'll stop writing now; I remain available. {my_name}")
    choice.setCurrentIndex(choice.findData(TemplateName.CHECK_IN))  # edits survive switching
    screenshot(dialog, "dialog-settings-messages")
    click_save(dialog)
    assert load_my_name() == "Sam Rivera"
    assert load_template(TemplateName.FINAL_MESSAGE).body.startswith("Hi {contact}, I'll stop")
    assert customized_templates() == {TemplateName.FINAL_MESSAGE}
    again = SettingsDialog(Reminders(LogNotifier(), BERLIN), login_item())
    qtbot.addWidget(again)
    again.template_choice.setCurrentIndex(
        again.template_choice.findData(TemplateName.FINAL_MESSAGE)
    )
    again._on_reset_clicked()
    click_save(again)
    assert customized_templates() == set()


def test_contacts_get_people_and_channels(qtbot: QtBot, globex: int) -> None:
    dialog = ContactDialog(globex, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Marge")
    dialog.role.setText("Accounts")
    dialog.address.setText("marge at globex")
    assert reason(dialog, "address") == (
        "'marge at globex' is not an email address such as ann@example.com."
    )
    dialog.address.setText("marge@globex.example,eve@evil.example")
    assert reason(dialog, "address") == (
        "'marge@globex.example,eve@evil.example' is not one email address: the ',' at "
        "character 21 cannot be in one (add each address on its own)."
    )
    dialog.name.setText("Mar\u200bge")
    assert reason(dialog, "name") == (
        "U+200B (ZERO WIDTH SPACE) at character 4 cannot be seen or changes how the text "
        "around it is shown; remove it."
    )
    assert not save_enabled(dialog)
    dialog.name.setText("Marge\u3000")  # an ideographic space at the end is trimmed
    dialog.address.setText("marge@globex.example")
    screenshot(dialog, "dialog-contact")
    click_save(dialog)
    marge = next(card for card in contact_cards(globex) if card.name == "Marge")
    assert (marge.role, marge.methods) == ("Accounts", ((Channel.EMAIL, "marge@globex.example"),))
    method = MethodDialog(marge.contact_id, "Marge", lambda: NOW)
    qtbot.addWidget(method)
    method.channel.setCurrentIndex(method.channel.findData(Channel.PHONE))
    method.address.setText("call me maybe")
    assert not save_enabled(method)
    method.address.setText("+44 20 7946 0000")
    click_save(method)
    marge = next(card for card in contact_cards(globex) if card.name == "Marge")
    assert (Channel.PHONE, "+44 20 7946 0000") in marge.methods


def test_a_reason_over_two_lines_is_shown_whole(qtbot: QtBot, globex: int) -> None:
    dialog = ContactDialog(globex, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Mar\u200bge")
    dialog.address.setText("marge@globex.example,eve@evil.example")
    errors = [dialog.errors["name"], dialog.errors["address"]]
    assert all(e.heightForWidth(e.width()) > e.fontMetrics().height() for e in errors)  # wrapped
    qtbot.wait_until(lambda: all(e.height() >= e.heightForWidth(e.width()) for e in errors))
    screenshot(dialog, "dialog-contact-refused")
    dialog.name.setText("Marge")
    dialog.address.setText("marge@globex.example")
    # and shrinks back once they are gone, leaving no gaps
    qtbot.wait_until(lambda: dialog.height() == dialog.form.totalHeightForWidth(dialog.width()))


def test_projects_are_created_and_changed(qtbot: QtBot, globex: int) -> None:
    dialog = ProjectDialog(globex, lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert reason(dialog, "name") == "A project needs a name."
    dialog.name.setText("Brand refresh")
    dialog.has_deadline.setChecked(True)
    dialog.deadline.setDate(QDate(2027, 1, 15))
    screenshot(dialog, "dialog-project")
    click_save(dialog)
    (line,) = project_lines(globex)
    assert (line.name, line.status, line.deadline) == (
        "Brand refresh",
        ProjectStatus.PROPOSED,
        date(2027, 1, 15),
    )
    change = ProjectDialog(globex, lambda: NOW + timedelta(days=2), line)
    qtbot.addWidget(change)
    assert change.name.isReadOnly()
    change.status.setCurrentIndex(change.status.findData(ProjectStatus.ACTIVE))
    click_save(change)
    assert project_lines(globex)[0].status is ProjectStatus.ACTIVE
    assert [c.status for c in ProjectChange.select().order_by(ProjectChange.changed_at)] == [
        "proposed",
        "active",
    ]


def test_a_database_that_cannot_be_written_is_explained_in_the_form(qtbot: QtBot, db: Path) -> None:
    from freelance_ghost.store.database import close_database, open_read_only

    close_database()
    open_read_only(db)  # as the app does for a read-only data folder
    dialog = NewClientDialog(lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Initech")
    click_save(dialog)
    assert reason(dialog, "name").startswith("Nothing was saved: the database refused the change")
    assert "the data folder or the database file is read-only" in reason(dialog, "name")
    assert dialog.result() == 0  # still open, nothing lost from the form
    assert dialog.name.text() == "Initech"


def test_the_window_says_when_it_is_read_only(qtbot: QtBot, db: Path, answers: list[str]) -> None:
    window = open_window(db, BERLIN, lambda: NOW)
    qtbot.addWidget(window)
    window.show_read_only()
    assert window.windowTitle() == "Freelance Ghost (read-only)"
    assert "nothing you change is saved" in window.statusBar().currentMessage()
    assert answers[0].startswith("Your data folder cannot be written")
