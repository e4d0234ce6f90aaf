"""The Qt binding we ship must not leak or drop references (a dropped None aborts Python 3.11)."""

import sys

from PySide6.QtCore import QPointF


def test_void_qt_calls_keep_nones_reference_count() -> None:
    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(2000):
        point.setX(1.0)  # returns void: PySide6 6.12.0 lost one reference to None per call
    assert sys.getrefcount(None) >= before - 50  # other threads may hold a few transiently
