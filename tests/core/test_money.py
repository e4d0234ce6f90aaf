"""Money is exact: minor units per ISO 4217 exponent, strict parsing, refusals that explain."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.money import (
    CURRENCY_EXPONENTS,
    Money,
    MoneyError,
    currency_exponent,
    format_amount,
    parse_money,
)


@pytest.mark.parametrize(
    ("code", "exponent"), [("JPY", 0), ("KRW", 0), ("EUR", 2), ("USD", 2), ("KWD", 3), ("CLF", 4)]
)
def test_exponent_follows_iso_4217(code: str, exponent: int) -> None:
    assert currency_exponent(code) == exponent


@pytest.mark.parametrize("code", ["EURO", "eur", "XAU", "ABC", ""])
def test_unknown_currency_is_refused(code: str) -> None:
    with pytest.raises(MoneyError, match="ISO 4217"):
        currency_exponent(code)


@pytest.mark.parametrize(
    ("text", "code", "minor"),
    [
        ("1250.00", "EUR", 125000),
        ("1250", "EUR", 125000),
        ("0.5", "EUR", 50),
        ("5000", "JPY", 5000),
        ("1.234", "KWD", 1234),
    ],
)
def test_parse_gives_minor_units(text: str, code: str, minor: int) -> None:
    assert parse_money(text, code) == Money(minor, code)


@pytest.mark.parametrize(
    ("text", "code", "reason"),
    [
        ("12.345", "EUR", "more decimals than EUR allows"),
        ("12.500", "EUR", "more decimals"),
        ("5.5", "JPY", "more decimals than JPY allows"),
        ("-5.00", "EUR", "negative"),
        ("1,250.00", "EUR", "plain decimal"),
        ("1e3", "EUR", "plain decimal"),
        ("", "EUR", "plain decimal"),
        ("NaN", "EUR", "plain decimal"),
    ],
)
def test_bad_amounts_are_refused(text: str, code: str, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_money(text, code)


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(125000, "EUR"), "1250.00"),
        (Money(5, "EUR"), "0.05"),
        (Money(5000, "JPY"), "5000"),
        (Money(1, "KWD"), "0.001"),
    ],
)
def test_format_writes_the_currency_decimals(money: Money, text: str) -> None:
    assert format_amount(money) == text


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(sorted(CURRENCY_EXPONENTS)))
def test_format_then_parse_is_exact(minor: int, code: str) -> None:
    money = Money(minor, code)
    assert parse_money(format_amount(money), code) == money
    assert money.decimal == Decimal(format_amount(money))


def test_arithmetic_refuses_mixed_currencies() -> None:
    assert Money(500, "EUR") - Money(200, "EUR") == Money(300, "EUR")
    with pytest.raises(MoneyError, match="cannot combine EUR with USD"):
        _ = Money(500, "EUR") + Money(1, "USD")
