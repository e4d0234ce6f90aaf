"""Email addresses: one per contact method, and a mailto link that can only reach it."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.addresses import AddressRefusedError, check_email_address, mailto_link


@pytest.mark.parametrize(
    "address",
    [
        "ann@example.com",
        "o'brien+quotes@mail.example.ie",
        "first.last@sub.domain.co.uk",
        "jürgen@müller.de",  # internationalised mail
        "a%b&c=d?e#f@example.com",  # allowed in a mailbox name; encoded in a link
        "x@1.2.3.example",
    ],
)
def test_one_address_is_accepted_as_typed(address: str) -> None:
    assert check_email_address(f"  {address} ") == address


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "alice@x,eve@evil",
            "'alice@x,eve@evil' is not one email address: the ',' at character 8 cannot be "
            "in one (add each address on its own)",
        ),
        ("alice@x.example;eve@evil.example", "the ';' at character 16 cannot be in one"),
        ("Alice <alice@x.example>", "a space at character 6 cannot be in one"),
        ("<alice@x.example>", "the '<' at character 1 cannot be in one"),
        ('"a b"@x.example', "the '\"' at character 1"),
        ("alice@x.example\nBcc: eve@evil.example", "U+000A (a control character) at character 16"),
        ("ali\u200bce@x.example", "'ali\\u200bce@x.example' is not one email address: U+200B"),
        ("alice@x.example?cc=eve@evil.example", "holds more than one @: give one address"),
        ("alice", "'alice' is not an email address such as ann@example.com"),
        ("alice@localhost", "after @ comes a domain such as example.com"),
        ("alice@-x.example", "after @ comes a domain such as example.com"),
        ("alice@x..example", "after @ comes a domain such as example.com"),
        ("alice@x_y.example", "after @ comes a domain such as example.com"),
        ("@x.example", "the part before @ is not a mailbox name"),
        (".alice@x.example", "the part before @ is not a mailbox name"),
        ("al..ice@x.example", "the part before @ is not a mailbox name"),
        ("a" * 65 + "@x.example", "the part before @ is not a mailbox name"),
    ],
)
def test_anything_but_one_address_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(AddressRefusedError) as refused:
        check_email_address(text)
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)  # one line, even for an address that had two


def test_a_mailto_link_reaches_the_one_address_with_its_subject_and_body() -> None:
    link = mailto_link("a%b&c=d?e#f@example.com", "Hi & bye?", "Line one\nLine two + more")
    parts = urlsplit(link)
    assert (parts.scheme, parts.fragment) == ("mailto", "")
    assert unquote(parts.path) == "a%b&c=d?e#f@example.com"
    assert parse_qs(parts.query) == {
        "subject": ["Hi & bye?"],
        "body": ["Line one\nLine two + more"],
    }


def test_no_link_is_made_to_what_is_not_one_address() -> None:
    with pytest.raises(AddressRefusedError):
        mailto_link("alice@x.example,eve@evil.example", "Hi", "Body")


PART = st.text(alphabet="ab.-_ü@,;<>?&#%=+'\" \n\u200b", min_size=1, max_size=12)


@given(PART, PART)
def test_an_accepted_address_never_names_a_second_recipient_or_header(
    local: str, domain: str
) -> None:
    try:
        address = check_email_address(f"{local}@{domain}.example")
    except AddressRefusedError:
        return
    assert address.count("@") == 1
    assert not any(char in address for char in ',;<>"\\ \t\r\n\u200b')
    path = urlsplit(mailto_link(address, "s", "b")).path
    assert not any(char in path for char in ",?&#")  # each of them percent-encoded
    assert unquote(path) == address
