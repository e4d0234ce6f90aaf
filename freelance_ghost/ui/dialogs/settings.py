"""Settings: how patient the app is before it calls a client quiet, and the invoice reminders."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.store.settings import load_attention_settings, save_attention_settings
from freelance_ghost.ui.dialogs import ValidatedDialog

_STAGE_LABELS = {
    "reminder_1": "First reminder after",
    "reminder_2": "Second reminder after",
    "reminder_3": "Third reminder after",
    "final_notice": "Final notice after",
}


def _days_box(value: float, suffix: str = " days", decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.1, 365)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setValue(value)
    return box


class SettingsDialog(ValidatedDialog):
    """The engine's settings (SPEC's defaults until changed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Settings", parent)
        current = load_attention_settings()
        day = timedelta(days=1)
        self.default_reply = _days_box(current.default_typical_reply / day)
        self.default_reply.setToolTip("Used until a client has replied three times")
        self.min_silence = _days_box(current.min_silence / day)
        self.multiplier = _days_box(current.multiplier, suffix=" × their usual reply time")
        self.stages: dict[str, QSpinBox] = {}
        self.add_field("default_reply", "Usual reply time of a new client", self.default_reply)
        self.add_field("min_silence", "Never call a client quiet before", self.min_silence)
        self.add_field("multiplier", "Call them quiet after", self.multiplier)
        for stage, days in current.stage_days:
            box = QSpinBox()
            box.setRange(1, 365)
            box.setSuffix(" days overdue")
            box.setValue(days)
            box.valueChanged.connect(self.revalidate)
            self.stages[stage.value] = box
            self.add_field(stage.value, _STAGE_LABELS[stage.value], box)
        self.finish_form()

    def settings(self) -> AttentionSettings:
        """What the form says."""
        current = AttentionSettings()
        return AttentionSettings(
            default_typical_reply=timedelta(hours=round(self.default_reply.value() * 24)),
            min_silence=timedelta(hours=round(self.min_silence.value() * 24)),
            multiplier=round(self.multiplier.value(), 1),
            stage_days=tuple(
                (stage, self.stages[stage.value].value()) for stage, _ in current.stage_days
            ),
        )

    def validate(self) -> dict[str, str]:
        days = [box.value() for box in self.stages.values()]
        if days != sorted(days) or len(set(days)) != len(days):
            return {"final_notice": "Each reminder must come later than the one before."}
        return {}

    def save(self) -> str:
        save_attention_settings(self.settings())
        return ""
