"""The mail tests' fixtures (tests/services/mail/fixtures.py)."""

from tests.services.mail.fixtures import mail_server, no_keyring, secret_service

__all__ = ["mail_server", "no_keyring", "secret_service"]
