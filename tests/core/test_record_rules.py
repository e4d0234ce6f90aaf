"""The record rules: each refuses what would make the records wrong, and only that."""

from datetime import UTC, date, datetime

import pytest

from freelance_ghost.core.money import Money
from freelance_ghost.core.record_rules import (
    RecordRuleError,
    check_amount,
    check_cadence,
    check_invoice_due,
    check_next_step,
    check_payment_currency,
    check_payment_date,
    check_payment_owed,
)

ISSUED = datetime(2026, 3, 1, 9, tzinfo=UTC)


def refusal(rule: object, *args: object) -> tuple[str, str]:
    """The message and the history column of the rule's refusal."""
    assert callable(rule)
    with pytest.raises(RecordRuleError) as caught:
        rule(*args)
    return str(caught.value), caught.value.column


def test_amounts_are_more_than_zero() -> None:
    check_amount(1)
    for minor in (0, -1):
        assert refusal(check_amount, minor) == ("the amount must be more than zero", "amount")


def test_a_payment_is_in_its_invoices_currency() -> None:
    check_payment_currency("A-1", "EUR", "EUR")
    assert refusal(check_payment_currency, "A-1", "EUR", "USD") == (
        "invoice A-1 is in EUR, not USD",
        "currency",
    )


@pytest.mark.parametrize("issued", [ISSUED, 1_772_355_600_000_000])
def test_a_payment_comes_on_or_after_its_invoice(issued: datetime | int) -> None:
    check_payment_date("A-1", issued, issued)
    earlier = issued - 1 if isinstance(issued, int) else issued.replace(hour=8)
    assert refusal(check_payment_date, "A-1", issued, earlier) == (
        "a payment cannot come before invoice A-1 was issued",
        "timestamp",
    )


def test_a_payment_is_never_more_than_is_still_owed() -> None:
    check_payment_owed("A-1", Money(4000, "EUR"), 4000)
    assert refusal(check_payment_owed, "A-1", Money(4001, "EUR"), 4000) == (
        "this payment is more than the 40.00 EUR still owed on invoice A-1",
        "amount",
    )


def test_a_cadence_is_zero_to_ten_years_of_days() -> None:
    check_cadence(0)
    check_cadence(3650)
    assert refusal(check_cadence, -1) == (
        "the cadence is a number of days, 0 or more",
        "cadence_days",
    )
    assert refusal(check_cadence, 3651) == (
        "3651 days is longer than the 3650-day maximum",
        "cadence_days",
    )


def test_a_due_date_needs_a_next_step() -> None:
    check_next_step("", None)
    check_next_step("send the quote", date(2026, 3, 2))
    assert refusal(check_next_step, "  ", date(2026, 3, 2)) == (
        "a due date needs a next step",
        "next_step",
    )


def test_an_invoice_falls_due_on_or_after_its_issue() -> None:
    check_invoice_due(date(2026, 3, 1), date(2026, 3, 1))
    assert refusal(check_invoice_due, date(2026, 3, 1), date(2026, 2, 28)) == (
        "the due date is before the invoice was issued",
        "due_date",
    )
