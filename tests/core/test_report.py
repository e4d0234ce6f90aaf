"""``attention``: items as JSON and as a table, and the sentences that name who and how to reach."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from freelance_ghost.core.attention import (
    AttentionItem,
    AttentionSettings,
    checkin_item,
    invoice_item,
    next_step_item,
    silence_item,
)
from freelance_ghost.core.facts import ClientFacts, Commitment, OpenInvoice, Reachable
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import Action
from freelance_ghost.core.money import Money
from freelance_ghost.core.report import ReportedItem, attention_json, attention_table, item_json
from freelance_ghost.core.sentences import sentence

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin (UTC+1)
D = timedelta(days=1)
DEFAULTS = AttentionSettings()
HANK_PHONE = Reachable("Hank", Channel.PHONE, "+1 555 0100")
HANK_EMAIL = Reachable("Hank", Channel.EMAIL, "hank@example.com")
IVY_PHONE = Reachable("Ivy", Channel.PHONE, "+1 555 0199")
REACH = (HANK_EMAIL, HANK_PHONE)
COMMON = {"client", "kind", "sentence"}


def silent(attempts: int, **more: object) -> ClientFacts:
    """Hank's company: ``attempts`` unanswered emails, the latest 2026-11-18 09:00 UTC."""
    fields: dict[str, object] = {
        "client_id": 1,
        "name": "Hank & Co",
        "status": ClientStatus.ACTIVE,
        "attempts": attempts,
        "first_attempt": datetime(2026, 11, 18, 9, 0, tzinfo=UTC) - (attempts - 1) * D,
        "last_attempt": datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
        "last_attempt_channel": Channel.EMAIL,
        "unanswered_channels": frozenset({Channel.EMAIL}),
        "last_interaction": datetime(2026, 11, 18, 9, 0, tzinfo=UTC),
        "known_channels": frozenset({Channel.EMAIL, Channel.PHONE}),
    }
    fields.update(more)
    return ClientFacts(**fields)  # type: ignore[arg-type]


def reported(item: AttentionItem | None, reach: tuple[Reachable, ...] = REACH) -> ReportedItem:
    assert item is not None
    return ReportedItem(item, sentence(item, reach, NOW, BERLIN))


def silence_json(facts: ClientFacts, reach: tuple[Reachable, ...] = REACH) -> dict:
    data = item_json(reported(silence_item(facts, NOW, BERLIN, DEFAULTS), reach), BERLIN)
    json.dumps(data)  # plain JSON values only
    return data


# ---------------------------------------------------------------- silence


def test_silence_json_fields() -> None:
    # T = median(2d, 2.5d, 3d) = 2.5d; threshold = max(3d, 5d) = 5d; last attempt 5 days ago
    facts = silent(1, reply_delays=(2 * D, timedelta(days=2.5), 3 * D))
    data = silence_json(facts)
    assert set(data) == COMMON | {
        "level",
        "attempts",
        "last_attempt",
        "threshold_days",
        "typical_reply_days",
        "suggestion",
    }
    assert data["client"] == "Hank & Co"
    assert data["kind"] == "silence"
    assert data["level"] == "silent"
    assert data["attempts"] == 1
    assert data["last_attempt"] == "2026-11-18T10:00:00+01:00"  # ISO, local with offset
    assert datetime.fromisoformat(data["last_attempt"]) == facts.last_attempt
    assert data["threshold_days"] == 5
    assert data["typical_reply_days"] == 2.5
    assert data["suggestion"] == {"action": "follow_up", "channel": "email"}
    assert isinstance(data["sentence"], str)
    assert data["sentence"]


def test_silence_json_ghosted_let_go_has_action_only() -> None:
    data = silence_json(silent(5))
    assert data["level"] == "ghosted"
    assert data["attempts"] == 5
    assert data["threshold_days"] == 3
    assert data["typical_reply_days"] == 1
    assert data["suggestion"] == {"action": "let_go"}


def test_silence_json_switch_channel_has_channel_only() -> None:
    assert silence_json(silent(2))["suggestion"] == {"action": "switch_channel", "channel": "phone"}


def test_silence_json_switch_time_has_hour_only() -> None:
    # no inbound; latest attempt 10:00 Berlin (before noon) -> 15
    assert silence_json(silent(3))["suggestion"] == {"action": "switch_time", "hour": 15}


def test_silence_json_final_message_has_action_only() -> None:
    assert silence_json(silent(4))["suggestion"] == {"action": "final_message"}


# ---------------------------------------------------------------- check-in


def checkin_facts(channel: Channel | None = Channel.PHONE) -> ClientFacts:
    # latest interaction 2026-11-13 10:00 Berlin, cadence 7 -> due 2026-11-20 10:00 Berlin;
    # NOW is 2026-11-23 10:00 Berlin -> 3 days overdue
    return ClientFacts(
        client_id=2,
        name="Hank & Co",
        status=ClientStatus.ACTIVE,
        last_interaction=datetime(2026, 11, 13, 9, 0, tzinfo=UTC),
        cadence_days=7,
        schedule_channel=channel,
        schedule_set_at=datetime(2026, 9, 1, 9, 0, tzinfo=UTC),
    )


def test_checkin_json_fields() -> None:
    data = item_json(reported(checkin_item(checkin_facts(), NOW, BERLIN)), BERLIN)
    json.dumps(data)
    assert set(data) == COMMON | {"due", "days_overdue", "channel"}
    assert data["kind"] == "checkin_due"
    assert data["client"] == "Hank & Co"
    assert data["due"] == "2026-11-20T10:00:00+01:00"
    assert data["days_overdue"] == 3
    assert data["channel"] == "phone"


# ---------------------------------------------------------------- next step


def test_next_step_json_fields() -> None:
    facts = checkin_facts()
    commitment = Commitment("Send the revised quote", date(2026, 11, 20), "Hank")
    data = item_json(reported(next_step_item(facts, commitment, NOW, BERLIN)), BERLIN)
    json.dumps(data)
    assert set(data) == COMMON | {"next_step", "due"}
    assert data["kind"] == "next_step_due"
    assert data["next_step"] == "Send the revised quote"
    assert data["due"] == "2026-11-20"  # a date, YYYY-MM-DD
    assert "Hank" in data["sentence"]
    assert "Send the revised quote" in data["sentence"]


# ---------------------------------------------------------------- invoices


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(125000, "EUR"), "1250.00"),
        (Money(5000, "JPY"), "5000"),
        (Money(105, "USD"), "1.05"),
        (Money(1234, "KWD"), "1.234"),
    ],
)
def test_invoice_json_fields(money: Money, text: str) -> None:
    # due 2026-11-09, today 2026-11-23 in Berlin -> 14 days overdue -> reminder_3
    bill = OpenInvoice(3, "Hank & Co", "INV-0042", money, date(2026, 11, 9))
    data = item_json(reported(invoice_item(bill, NOW, BERLIN, DEFAULTS)), BERLIN)
    json.dumps(data)
    assert set(data) == COMMON | {"invoice", "amount_due", "currency", "days_overdue", "stage"}
    assert data["kind"] == "invoice_overdue"
    assert data["invoice"] == "INV-0042"
    assert data["amount_due"] == text
    assert isinstance(data["amount_due"], str)
    assert data["currency"] == money.currency
    assert data["days_overdue"] == 14
    assert data["stage"] == "reminder_3"
    assert f"{text} {money.currency}" in data["sentence"]
    assert "INV-0042" in data["sentence"]


def test_attention_json_wraps_items_with_the_moment() -> None:
    bill = OpenInvoice(3, "Hank & Co", "INV-0042", Money(125000, "EUR"), date(2026, 11, 9))
    data = attention_json([reported(invoice_item(bill, NOW, BERLIN, DEFAULTS))], NOW, BERLIN)
    assert set(data) == {"at", "items"}
    assert data["at"] == "2026-11-23T10:00:00+01:00"
    assert [item["invoice"] for item in data["items"]] == ["INV-0042"]


# ---------------------------------------------------------------- sentences name who and where


def test_switch_channel_sentence_names_contact_and_number() -> None:
    # 2 unanswered emails; phone is the next channel -> call Hank on his number
    text = reported(silence_item(silent(2), NOW, BERLIN, DEFAULTS)).sentence
    assert "Try calling Hank on +1 555 0100." in text


def test_switch_channel_sentence_prefers_who_last_wrote() -> None:
    # both Hank and Ivy have phones; Ivy wrote to us last -> call Ivy
    facts = silent(2, last_inbound_contact="Ivy")
    item = silence_item(facts, NOW, BERLIN, DEFAULTS)
    text = reported(item, (HANK_EMAIL, HANK_PHONE, IVY_PHONE)).sentence
    assert "Try calling Ivy on +1 555 0199." in text


def test_follow_up_sentence_names_contact_and_address() -> None:
    text = reported(silence_item(silent(1), NOW, BERLIN, DEFAULTS)).sentence
    assert "Hank" in text
    assert "hank@example.com" in text
    assert "+1 555 0100" not in text  # the follow-up stays on email


def test_checkin_sentence_names_contact_and_address() -> None:
    text = reported(checkin_item(checkin_facts(), NOW, BERLIN)).sentence
    assert "Hank" in text
    assert "+1 555 0100" in text
    assert "hank@example.com" not in text  # the schedule's channel is phone


def test_a_silence_under_a_day_is_said_in_hours() -> None:
    from freelance_ghost.core.sentences import _span

    assert _span(timedelta(hours=20)) == "20 hours"
    assert _span(timedelta(minutes=30)) == "an hour"
    assert _span(timedelta(days=1, hours=3)) == "a day"
    assert _span(timedelta(days=9)) == "9 days"


# ---------------------------------------------------------------- the table


PAST_DUE_LEGEND = (
    "Past due by: how long since the follow-up, check-in, next step or payment fell due; a "
    "follow-up falls due when a silence passes the client's threshold."
)
URGENT_LEGEND = (
    "! urgent, listed first: a client who has ghosted you, or an invoice at its final notice."
)


@pytest.fixture
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide enough that no sentence or legend wraps."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.mark.usefixtures("wide_terminal")
def test_the_table_says_how_long_past_due_and_explains_the_mark() -> None:
    # due 2026-10-01, today 2026-11-23 in Berlin: 53 days, the final notice
    bill = OpenInvoice(3, "Hank & Co", "INV-0042", Money(125000, "EUR"), date(2026, 10, 1))
    quiet = silence_item(silent(1), NOW, BERLIN, DEFAULTS)  # 5 days, threshold 3: 2 days past
    lines = attention_table(
        [reported(invoice_item(bill, NOW, BERLIN, DEFAULTS)), reported(quiet)], NOW, BERLIN
    ).splitlines()
    assert lines[0] == "2 items need your attention at Mon 23 Nov 2026 10:00"
    assert lines[2].split("  What to do")[0].split() == ["What", "Client", "Past", "due", "by"]
    assert lines[3].split()[:6] == ["!", "Money", "Hank", "&", "Co", "53"]
    assert lines[4].split()[:6] == ["Follow", "up", "Hank", "&", "Co", "2"]
    assert lines[-3:] == ["", URGENT_LEGEND, PAST_DUE_LEGEND]


@pytest.mark.usefixtures("wide_terminal")
def test_with_nothing_urgent_only_past_due_is_explained() -> None:
    facts = checkin_facts()
    commitment = Commitment("Send the revised quote", date(2026, 11, 23), "Hank")
    lines = attention_table(
        [reported(next_step_item(facts, commitment, NOW, BERLIN))], NOW, BERLIN
    ).splitlines()
    assert lines[0] == "1 item needs your attention at Mon 23 Nov 2026 10:00"
    assert "under a day" in lines[3]  # due today
    assert lines[-2:] == ["", PAST_DUE_LEGEND]


# ---------------------------------------------------------------- the JSON's documentation

JSON_DOC = Path(__file__).resolve().parents[2] / "docs" / "attention-json.md"


def documented(heading: str, table: int = 0) -> set[str]:
    """The names in the first column of a table under ``heading`` in docs/attention-json.md."""
    section = JSON_DOC.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    tables = [
        block.strip().splitlines()[2:]  # the rows under the header and its --- line
        for block in section.split("\n\n")
        if block.strip().startswith("| ")
    ]
    return {line.split("`")[1] for line in tables[table]}


def test_the_json_doc_names_exactly_the_fields_of_each_kind() -> None:
    commitment = Commitment("Send the revised quote", date(2026, 11, 20), "Hank")
    bill = OpenInvoice(3, "Hank & Co", "INV-0042", Money(125000, "EUR"), date(2026, 11, 9))
    items = {
        "silence": silence_json(silent(1)),
        "checkin_due": item_json(reported(checkin_item(checkin_facts(), NOW, BERLIN)), BERLIN),
        "next_step_due": item_json(
            reported(next_step_item(checkin_facts(), commitment, NOW, BERLIN)), BERLIN
        ),
        "invoice_overdue": item_json(reported(invoice_item(bill, NOW, BERLIN, DEFAULTS)), BERLIN),
    }
    assert documented("## The object") == set(attention_json([], NOW, BERLIN))
    assert documented("## Every item") == COMMON
    for kind, data in items.items():
        assert documented(f"### `{kind}`") == set(data) - COMMON, kind
    assert documented("### `silence`", table=1) == {action.value for action in Action}
