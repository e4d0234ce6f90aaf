"""Behaviour over time on top of the store: demo data, reminders, notifications, backups."""
