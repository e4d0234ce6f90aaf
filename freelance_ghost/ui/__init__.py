"""The PySide6 window; the only floor that imports Qt."""
