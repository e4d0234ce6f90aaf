"""How patient to be with one client: its own minimum silence and multiplier (some are slow)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QWidget

from freelance_ghost.core.attention import AttentionSettings
from freelance_ghost.store.interactions import set_silence_overrides
from freelance_ghost.store.overview import ClientHeader
from freelance_ghost.ui.dialogs import ValidatedDialog


def _choice(
    label: str, value: float, suffix: str, own: bool
) -> tuple[QWidget, QCheckBox, QDoubleSpinBox]:
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    check = QCheckBox(label)
    check.setChecked(own)
    box = QDoubleSpinBox()
    box.setRange(0.1, 365)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setValue(value)
    box.setEnabled(own)
    check.toggled.connect(box.setEnabled)
    line.addWidget(check)
    line.addWidget(box, 1)
    return row, check, box


class PatienceDialog(ValidatedDialog):
    """This client's own silence rules; unticked, the global settings apply."""

    def __init__(
        self, header: ClientHeader, settings: AttentionSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Patience with {header.name}", parent)
        self._client_id = header.client_id
        own_minimum = header.min_silence_hours is not None
        days = (header.min_silence_hours or settings.min_silence.total_seconds() / 3600) / 24
        row, self.own_minimum, self.minimum = _choice("Own value", days, " days", own_minimum)
        self.add_field("minimum", "Never call them quiet before", row)
        multiplier = header.silence_multiplier or settings.multiplier
        own_multiplier = header.silence_multiplier is not None
        row, self.own_multiplier, self.multiplier = _choice(
            "Own value", multiplier, " × their usual reply time", own_multiplier
        )
        self.add_field("multiplier", "Call them quiet after", row)
        self.finish_form()

    def save(self) -> str:
        hours = round(self.minimum.value() * 24) if self.own_minimum.isChecked() else None
        multiplier = round(self.multiplier.value(), 1) if self.own_multiplier.isChecked() else None
        set_silence_overrides(self._client_id, hours, multiplier)
        return ""
