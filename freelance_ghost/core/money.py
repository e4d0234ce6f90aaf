"""Exact money: integer minor units tagged with an ISO 4217 currency, parsed and formatted strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# ISO 4217 active codes by minor-unit exponent (the list as published in 2025).
_CODES_BY_EXPONENT: dict[int, str] = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: (
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN "
        "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB "
        "EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS "
        "KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN "
        "MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD "
        "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS "
        "UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
    ),
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
CURRENCY_EXPONENTS: dict[str, int] = {
    code: exponent for exponent, codes in _CODES_BY_EXPONENT.items() for code in codes.split()
}
MAX_MINOR = 2**63 - 1  # SQLite's largest integer
_AMOUNT = re.compile(r"(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?")


class MoneyError(ValueError):
    """An amount or currency the app refuses, with a message a person can act on."""


def currency_exponent(code: str) -> int:
    """Digits after the decimal point for ``code``; refuses codes that are not ISO 4217."""
    try:
        return CURRENCY_EXPONENTS[code]
    except KeyError:
        raise MoneyError(
            f"'{code}' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)"
        ) from None


@dataclass(frozen=True, order=True)
class Money:
    """An exact amount: ``minor`` units (cents for EUR, yen for JPY) of ``currency``."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        currency_exponent(self.currency)

    @property
    def decimal(self) -> Decimal:
        """The amount in major units, exactly."""
        return Decimal(self.minor).scaleb(-currency_exponent(self.currency))

    def __str__(self) -> str:
        return f"{format_amount(self)} {self.currency}"

    def __sub__(self, other: Money) -> Money:
        _same_currency(self, other)
        return Money(self.minor - other.minor, self.currency)

    def __add__(self, other: Money) -> Money:
        _same_currency(self, other)
        return Money(self.minor + other.minor, self.currency)


def _same_currency(a: Money, b: Money) -> None:
    if a.currency != b.currency:
        raise MoneyError(f"cannot combine {a.currency} with {b.currency}")


def parse_decimal(text: str) -> Decimal:
    """Reads a plain non-negative decimal with a dot (``1250.00``); anything else is refused."""
    cleaned = text.strip()
    if cleaned.startswith("-"):
        raise MoneyError(f"'{text}' is negative: amounts must be zero or more")
    if not _AMOUNT.fullmatch(cleaned):
        raise MoneyError(f"'{text}' is not a plain decimal amount such as 1250.00")
    return Decimal(cleaned)


def to_money(amount: Decimal, currency: str) -> Money:
    """Converts ``amount`` to minor units, refusing more decimals than ``currency`` allows."""
    exponent = currency_exponent(currency)
    fraction_digits = max(0, -int(amount.as_tuple().exponent))
    if fraction_digits > exponent:
        raise MoneyError(
            f"{amount} has more decimals than {currency} allows ({exponent} after the point)"
        )
    minor = int(amount.scaleb(exponent))
    if minor > MAX_MINOR:
        raise MoneyError(f"{amount} {currency} is more than this app can record")
    return Money(minor, currency)


def parse_money(text: str, currency: str) -> Money:
    """Reads ``text`` as an amount of ``currency`` exactly."""
    return to_money(parse_decimal(text), currency)


def format_amount(money: Money) -> str:
    """Writes the amount with exactly the currency's decimals and a dot: ``1250.00``, ``5000``."""
    exponent = currency_exponent(money.currency)
    sign = "-" if money.minor < 0 else ""
    whole, fraction = divmod(abs(money.minor), 10**exponent)
    return f"{sign}{whole}.{fraction:0{exponent}d}" if exponent else f"{sign}{whole}"
