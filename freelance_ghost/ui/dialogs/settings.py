"""Settings: patience before calling a client quiet, reminders, start-up, message wording, mail."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QWidget,
)

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.core.templates import DEFAULT_TEMPLATES, PLACEHOLDERS, Template, TemplateName
from freelance_ghost.services.autostart import LoginItem, installed_command
from freelance_ghost.services.reminders import Reminders
from freelance_ghost.store.settings import (
    MAIL_SYNC_MINUTES,
    MAX_WARNING_DAYS,
    START_IN_TRAY,
    QuietHours,
    load,
    load_attention_settings,
    save,
    save_attention_settings,
)
from freelance_ghost.store.templates import (
    load_my_name,
    load_templates,
    reset_template,
    save_my_name,
    save_template,
)
from freelance_ghost.ui.dialogs import ValidatedDialog, unit_suffix

_STAGE_LABELS = {
    "reminder_1": "First reminder after",
    "reminder_2": "Second reminder after",
    "reminder_3": "Third reminder after",
    "final_notice": "Final notice after",
}
_TEMPLATE_LABELS = {
    TemplateName.FOLLOW_UP: "Follow-up (1st step)",
    TemplateName.SWITCH_CHANNEL: "Another channel (2nd step)",
    TemplateName.SWITCH_TIME: "Another time (3rd step)",
    TemplateName.FINAL_MESSAGE: "Final, graceful message (4th step)",
    TemplateName.LET_GO: "Letting go (a note for you)",
    TemplateName.CHECK_IN: "Check-in",
    TemplateName.NEXT_STEP: "Next step",
    TemplateName.DEADLINE: "Project deadline",
    TemplateName.PROPOSAL: "Proposal to a lead",
    TemplateName.REMINDER_1: "Invoice: friendly reminder",
    TemplateName.REMINDER_2: "Invoice: second reminder",
    TemplateName.REMINDER_3: "Invoice: firm reminder",
    TemplateName.FINAL_NOTICE: "Invoice: final notice",
}


def _days_box(value: float, suffix: str = " days") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.1, 365)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


class SettingsDialog(ValidatedDialog):
    """Every setting in four tabs; the documented defaults (docs/rules.md §8) until changed."""

    mail_accounts_requested = Signal()  # the accounts are kept at once, in their own dialog

    def __init__(
        self, reminders: Reminders, login: LoginItem, parent: QWidget | None = None
    ) -> None:
        super().__init__("Settings", parent)
        self._reminders = reminders
        self._login = login
        self.setMinimumWidth(620)
        self.tabs = QTabWidget()
        self.form.addRow(self.tabs)
        self._build_silence(self._tab("Silence && money"))
        self._build_reminders(self._tab("Reminders"))
        self._build_messages(self._tab("Messages"))
        self._build_mail(self._tab("Mail"))
        self.finish_form()

    def _tab(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        self.tabs.addTab(page, title)
        return form

    def _build_silence(self, form: QFormLayout) -> None:
        current = load_attention_settings()
        day = timedelta(days=1)
        self.default_reply = _days_box(current.default_typical_reply / day)
        self.default_reply.setToolTip("Used until a client has replied three times")
        self.min_silence = _days_box(current.min_silence / day)
        self.multiplier = _days_box(current.multiplier, suffix=" × their usual reply time")
        self.add_field(
            "default_reply", "Usual reply time of a new client", self.default_reply, form
        )
        self.add_field("min_silence", "Never call a client quiet before", self.min_silence, form)
        self.add_field("multiplier", "Call them quiet after", self.multiplier, form)
        self.stages: dict[str, QSpinBox] = {}
        for stage, days in current.stage_days:
            box = QSpinBox()
            box.setRange(1, 365)
            box.setValue(days)
            unit_suffix(box, " day overdue", " days overdue")
            box.valueChanged.connect(self.revalidate)
            self.stages[stage.value] = box
            self.add_field(stage.value, _STAGE_LABELS[stage.value], box, form)
        self.deadline_warning = QSpinBox()
        self.deadline_warning.setRange(0, MAX_WARNING_DAYS)
        self.deadline_warning.setValue(current.deadline_warning_days)
        unit_suffix(self.deadline_warning, " day before", " days before")
        self.deadline_warning.setToolTip("0: on the day itself")
        self.add_field(
            "deadline_warning", "Warn about a project deadline", self.deadline_warning, form
        )

    def _build_reminders(self, form: QFormLayout) -> None:
        quiet_hours = self._reminders.quiet_hours
        hours = quiet_hours or QuietHours()
        self.quiet = QCheckBox("No notifications from")
        self.quiet.setChecked(quiet_hours is not None)
        self.quiet_start = QTimeEdit(_qtime(hours.start))
        self.quiet_end = QTimeEdit(_qtime(hours.end))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in (self.quiet, self.quiet_start):
            line.addWidget(widget)
        line.addWidget(QLabel("to"))
        line.addWidget(self.quiet_end)
        for signal in (
            self.quiet.toggled,
            self.quiet_start.timeChanged,
            self.quiet_end.timeChanged,
        ):
            signal.connect(self.revalidate)
        self.add_field("quiet", "Quiet hours", row, form)
        self.paused = QCheckBox("Pause all notifications")
        self.paused.setChecked(self._reminders.paused)
        self.add_field("paused", "Notifications", self.paused, form)
        self.minimised = QCheckBox("Start minimised to the tray")
        self.minimised.setChecked(load(START_IN_TRAY))
        self.add_field("minimised", "Window", self.minimised, form)
        self.at_login = QCheckBox("Start Freelance Ghost when I log in")
        self.at_login.setChecked(self._login.enabled())
        self.add_field("at_login", "Start-up", self.at_login, form)

    def _build_messages(self, form: QFormLayout) -> None:
        self.templates = load_templates()
        self.my_name = QLineEdit(load_my_name())
        self.my_name.setPlaceholderText("How you sign your messages")
        self.add_field("my_name", "Your name", self.my_name, form)
        self.template_choice = QComboBox()
        for name, label in _TEMPLATE_LABELS.items():
            self.template_choice.addItem(label, name)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setMinimumHeight(170)
        self.body.setToolTip("\n".join(f"{{{k}}}: {v}" for k, v in PLACEHOLDERS.items()))
        reset = QPushButton("Back to the default wording")
        reset.clicked.connect(self._on_reset_clicked)
        self.add_field("template", "Message", self.template_choice, form)
        self.add_field("subject", "Subject", self.subject, form)
        self.add_field("body", "Text", self.body, form)
        form.addRow("", reset)
        self._shown: TemplateName | None = None
        self.template_choice.currentIndexChanged.connect(self._on_template_chosen)
        self._on_template_chosen()

    def _build_mail(self, form: QFormLayout) -> None:
        self.sync_minutes = QSpinBox()
        self.sync_minutes.setRange(1, 24 * 60)
        self.sync_minutes.setValue(load(MAIL_SYNC_MINUTES))
        unit_suffix(self.sync_minutes, " minute", " minutes")
        self.sync_minutes.setToolTip("While the window runs; Mail → Sync now reads at once")
        self.add_field("sync_minutes", "Read new mail every", self.sync_minutes, form)
        accounts = QPushButton("Mail accounts…")
        accounts.clicked.connect(self.mail_accounts_requested)
        note = QLabel("Read-only: who wrote to whom, when, and the subject; never the messages.")
        note.setWordWrap(True)
        form.addRow("Accounts", accounts)
        form.addRow("", note)

    def _keep_edits(self) -> None:
        if self._shown is not None:
            self.templates[self._shown] = Template(
                self._shown, self.subject.text(), self.body.toPlainText()
            )

    def _on_template_chosen(self) -> None:
        self._keep_edits()
        self._shown = TemplateName(self.template_choice.currentData())
        template = self.templates[self._shown]
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)

    def _on_reset_clicked(self) -> None:
        default = reset_template(TemplateName(self.template_choice.currentData()))
        self.templates[default.name] = default
        self.subject.setText(default.subject)
        self.body.setPlainText(default.body)

    def settings(self) -> AttentionSettings:
        """What the first tab says."""
        stages = AttentionSettings().stage_days
        return AttentionSettings(
            default_typical_reply=timedelta(hours=round(self.default_reply.value() * 24)),
            min_silence=timedelta(hours=round(self.min_silence.value() * 24)),
            multiplier=round(self.multiplier.value(), 1),
            stage_days=tuple((stage, self.stages[stage.value].value()) for stage, _ in stages),
            deadline_warning_days=self.deadline_warning.value(),
        )

    def quiet_hours(self) -> QuietHours | None:
        """What the quiet-hours row says (None: off)."""
        if not self.quiet.isChecked():
            return None
        start, end = self.quiet_start.time(), self.quiet_end.time()
        return QuietHours(time(start.hour(), start.minute()), time(end.hour(), end.minute()))

    def validate(self) -> dict[str, str]:
        reasons = {}
        days = [box.value() for box in self.stages.values()]
        if days != sorted(days) or len(set(days)) != len(days):
            reasons["final_notice"] = "Each reminder must come later than the one before."
        if self.quiet.isChecked() and self.quiet_start.time() == self.quiet_end.time():
            reasons["quiet"] = "Quiet hours must start and end at different times."
        return reasons

    def save(self) -> str:
        save_attention_settings(self.settings())
        self._reminders.set_quiet_hours(self.quiet_hours())
        self._reminders.pause(self.paused.isChecked())
        save([(START_IN_TRAY, self.minimised.isChecked())])
        save([(MAIL_SYNC_MINUTES, self.sync_minutes.value())])
        self._keep_edits()
        for template in self.templates.values():
            if template == DEFAULT_TEMPLATES[template.name]:
                reset_template(template.name)  # unchanged wording keeps following the defaults
            else:
                save_template(template)
        save_my_name(self.my_name.text())
        try:
            if self.at_login.isChecked() != self._login.enabled():
                if self.at_login.isChecked():
                    self._login.enable(installed_command())
                else:
                    self._login.disable()
        except OSError as error:
            return f"could not change start at login: {error}"
        return ""
