"""Notifications behind one small interface, tried in order: plyer, the caller's, then a log line."""
