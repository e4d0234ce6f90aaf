"""Reading a message's headers: encoded and 8-bit text, odd addresses, dates, keys, bulk."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from freelance_ghost.core.mail.message import Address, MailMessageError, read_message

ARRIVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def headers(*lines: str | bytes) -> bytes:
    """A header block as a server sends it: CRLF lines and a blank line."""
    encoded = [line if isinstance(line, bytes) else line.encode() for line in lines]
    return b"\r\n".join(encoded) + b"\r\n\r\n"


def test_a_plain_message_is_read_with_addresses_lower_cased_and_dates_in_utc() -> None:
    message = read_message(
        headers(
            "Message-ID: <abc@example.com>",
            "Date: Mon, 2 Mar 2026 10:15:00 +0100",
            'From: "Ann Lee" <Ann@Globex.Example>',
            "To: me@example.org, Bob <BOB@initech.example>",
            "Cc: carol@x.example",
            "Subject: The   quote\r\n for March",
        ),
        ARRIVED,
    )
    assert message.sender == Address("Ann Lee", "ann@globex.example")
    assert message.recipients == (
        Address("", "me@example.org"),
        Address("Bob", "bob@initech.example"),
        Address("", "carol@x.example"),
    )
    assert message.sent_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert message.sent_at.tzinfo is UTC
    assert message.subject == "The quote for March"
    assert message.key == hashlib.sha256(b"<abc@example.com>").hexdigest()
    assert not message.bulk


def test_rfc_2047_subjects_and_names_are_decoded() -> None:
    message = read_message(
        headers(
            "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>",
            "Subject: =?iso-8859-1?q?Caf=E9?= =?utf-8?b?44GT44KT44Gr44Gh44Gv?=",
            "Date: Mon, 2 Mar 2026 10:15:00 +0000",
        ),
        None,
    )
    assert message.sender == Address("Jürgen Müller", "jm@example.de")
    assert message.subject == "Caféこんにちは"


def test_8_bit_headers_are_read_as_utf_8_or_else_as_windows_1252() -> None:
    message = read_message(
        headers(
            b"From: \xc3\x89mile <emile@example.fr>",
            b"Subject: d\xe9j\xe0 vu \x80",
            b"Date: Mon, 2 Mar 2026 10:15:00 +0000",
        ),
        None,
    )
    assert message.sender == Address("Émile", "emile@example.fr")
    assert message.subject == "déjà vu €"


def test_malformed_headers_give_their_best_reading_not_an_error() -> None:
    message = read_message(
        headers(
            "From: not an address at all",
            "To: bad@@, <>, undisclosed-recipients:;, ok@example.com",
            "Subject: =?bogus-charset?q?hello?= =?utf-8?q?broken",
            "Date: yesterday-ish",
        ),
        ARRIVED,
    )
    assert message.sender is None
    assert message.recipients == (Address("", "ok@example.com"),)
    assert "hello" in message.subject
    assert message.sent_at == ARRIVED


def test_no_date_falls_back_to_the_arrival_time() -> None:
    arrived = datetime(2026, 3, 2, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    message = read_message(headers("From: a@example.com", "Subject: hi"), arrived)
    assert message.sent_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert message.sent_at.tzinfo is UTC


def test_a_date_outside_the_supported_years_falls_back_to_the_arrival_time() -> None:
    message = read_message(headers("Date: Sat, 1 Jan 2500 10:00:00 +0000"), ARRIVED)
    assert message.sent_at == ARRIVED


def test_a_date_of_unknown_zone_is_utc() -> None:
    message = read_message(headers("Date: Mon, 2 Mar 2026 10:15:00 -0000"), None)
    assert message.sent_at == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)


def test_no_usable_date_at_all_is_refused_in_one_line() -> None:
    with pytest.raises(MailMessageError, match="no usable date") as refused:
        read_message(headers("Date: Sat, 1 Jan 1850 10:00:00 +0000"), None)
    assert "\n" not in str(refused.value)
    with pytest.raises(MailMessageError):
        read_message(headers("Subject: hi"), datetime(1800, 1, 1, tzinfo=UTC))


def test_the_key_is_the_message_id_as_written_and_else_date_from_and_subject() -> None:
    with_id = headers("Message-ID:  <x@y> ", "Subject: one", "Date: Mon, 2 Mar 2026 10:15 +0000")
    same_id = headers("Message-ID: <x@y>", "Subject: two", "Date: Tue, 3 Mar 2026 10:15 +0000")
    assert read_message(with_id, None).key == read_message(same_id, None).key
    plain = headers("From: a@b.example", "Subject: hi", "Date: Mon, 2 Mar 2026 10:15 +0000")
    again = read_message(plain, ARRIVED).key
    assert again == read_message(plain, None).key  # the arrival time is no part of it
    other = headers("From: a@b.example", "Subject: ho", "Date: Mon, 2 Mar 2026 10:15 +0000")
    assert read_message(other, None).key != again


def test_without_a_date_two_messages_with_one_subject_keep_two_keys() -> None:
    """Without a Date the arrival time tells them apart; the same copy keeps its key."""
    undated = headers("From: a@b.example", "Subject: invoice")
    first = read_message(undated, ARRIVED).key
    assert read_message(undated, ARRIVED).key == first
    assert read_message(undated, ARRIVED + timedelta(days=1)).key != first


def test_raw_utf8_inside_an_encoded_word_is_read_not_a_crash() -> None:
    """Some mailers put 8-bit text inside a Q word; a sync once stopped on it for good."""
    broken = headers("From: a@b.example", "Subject: =?utf-8?q?Pr\u0438vet_=C3=A9t=C3=A9?=")
    assert read_message(broken, ARRIVED).subject == "Prиvet été"


def test_control_characters_in_a_subject_become_spaces_and_a_long_one_is_cut() -> None:
    """A NUL or escape in the summary would make the history export unreadable by import."""
    noisy = headers("From: a@b.example", "Subject: =?utf-8?q?one=0D=0Atwo=00=1B[31mred?=")
    assert read_message(noisy, ARRIVED).subject == "one two [31mred"
    endless = headers("From: a@b.example", "Subject: " + "x" * 5000)
    subject = read_message(endless, ARRIVED).subject
    assert len(subject) == 1000
    assert subject.endswith("…")


@pytest.mark.parametrize(
    ("header", "bulk"),
    [
        ("List-Id: <news.example.com>", True),
        ("Auto-Submitted: auto-replied", True),
        ("Auto-Submitted: auto-generated; type=x", True),
        ("Auto-Submitted: no", False),
        ("Auto-Submitted: No ", False),
        ("Precedence: bulk", True),
        ("Precedence: LIST", True),
        ("Precedence: first-class", False),
        ("X-Mailer: thing", False),
    ],
)
def test_bulk_mail_is_recognised_by_its_headers(header: str, bulk: bool) -> None:
    message = read_message(headers("From: a@b.example", header), ARRIVED)
    assert message.bulk is bulk
