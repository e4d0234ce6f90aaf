"""Notifications behind one small interface, tried in order: the system's, the caller's, a log line."""
