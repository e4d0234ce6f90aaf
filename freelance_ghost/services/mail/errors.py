"""The one error of mail reading: a server, a network or a keyring that says no, in one line."""

from __future__ import annotations


class MailError(Exception):
    """Mail could not be read; the message says what and where, in one line for the user."""
