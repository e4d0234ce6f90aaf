"""Peewee records on SQLite: opening, migrations and the queries the rest of the app needs."""
