"""Mail accounts: every field checked in one line, the usual ports, folder positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from freelance_ghost.store.mail_accounts import (
    Account,
    MailAccountError,
    Security,
    add_account,
    checked_account,
    folder_position,
    forget_folder,
    get_account,
    list_accounts,
    remove_account,
)
from freelance_ghost.store.mail_records import MailFolder
from tests.conftest import NOW


def _add(name: str = "work", **fields: Any) -> Account:
    values: dict[str, Any] = {
        "host": "imap.example.com",
        "port": None,
        "security": "ssl",
        "username": "ann@example.com",
    }
    values.update(fields)
    return add_account(checked_account(name, **values), NOW)


def test_an_account_is_stored_with_the_usual_port_of_its_security(db: Path) -> None:
    _add("work", own_addresses=("Ann@Studio.Example",), folders=("INBOX", "Archive/2025"))
    _add("home", host="mail.home.example", security="STARTTLS", username="ann")
    work, home = get_account("work"), get_account("home")
    assert (work.port, work.security) == (993, Security.SSL)
    assert (home.port, home.security) == (143, Security.STARTTLS)
    assert work.folders == ("INBOX", "Archive/2025")
    assert home.folders == ()
    assert [account.name for account in list_accounts()] == ["home", "work"]


def test_own_addresses_are_the_login_when_it_is_one_and_every_me(db: Path) -> None:
    work = _add("work", username="Ann@Example.com", own_addresses=("ann@studio.example",))
    home = _add("home", username="ann", own_addresses=("ann@home.example",))
    assert work.own() == {"ann@example.com", "ann@studio.example"}
    assert home.own() == {"ann@home.example"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "a mail account needs a name"),
        ({"port": 0}, "port 0 is not a port number (1 to 65535)"),
        ({"port": 65536}, "port 65536 is not a port number"),
        ({"security": "plain"}, "security 'plain' is not one of ssl"),
        ({"host": "imap example.com"}, "the host 'imap example.com' holds a space"),
        ({"username": ""}, "the user is empty"),
        ({"own_addresses": ("ann@example.com, eve@evil.example",)}, "--me: "),
        ({"folders": ("INBOX\nSent",)}, "the folder 'INBOX\\nSent' holds a character"),
    ],
)
def test_a_bad_field_is_refused_in_one_line_and_nothing_is_stored(
    db: Path, fields: dict[str, Any], message: str
) -> None:
    name = str(fields.pop("name", "work"))
    with pytest.raises(MailAccountError) as refused:
        _add(name, **fields)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert list_accounts() == []


def test_names_are_unique(db: Path) -> None:
    _add("work")
    with pytest.raises(MailAccountError, match="there is already a mail account named work"):
        _add("work", host="other.example")
    assert get_account("work").host == "imap.example.com"


def test_folder_positions_are_forgotten_with_their_folder_or_account(db: Path) -> None:
    work = _add("work")
    MailFolder.create(account=work.id, name="INBOX", uidvalidity=7, last_uid=42)
    MailFolder.create(account=work.id, name="Sent", uidvalidity=8, last_uid=3)
    assert folder_position(work.id, "INBOX") == (7, 42)
    assert folder_position(work.id, "Archive") is None
    forget_folder(work.id, "INBOX")
    assert folder_position(work.id, "INBOX") is None
    assert remove_account("work") == work
    assert MailFolder.select().count() == 0
    with pytest.raises(MailAccountError, match="there is no mail account named work"):
        get_account("work")
