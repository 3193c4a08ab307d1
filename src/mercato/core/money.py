"""Money as integer minor units with a currency. No float ever holds money."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import re

from mercato.core.errors import Invalid

# ISO 4217 minor-unit exponents for the currencies marketplaces use; 2 unless listed.
_EXPONENTS = {"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3, "TND": 3}
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "JPY": "¥", "BRL": "R$", "INR": "₹"}

_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")

# Nobody lists an item for more than this many major units; larger input is a typo or an attack.
MAX_PRICE_MAJOR = 1_000_000


def minor_exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


@dataclass(frozen=True, order=True)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount_minor, int) or isinstance(self.amount_minor, bool):
            raise TypeError("Money.amount_minor must be an int of minor units")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int):
            raise TypeError("Money can only be multiplied by a whole quantity")
        return Money(self.amount_minor * quantity, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __str__(self) -> str:
        return format_money(self.amount_minor, self.currency)


def format_money(amount_minor: int, currency: str) -> str:
    exponent = minor_exponent(currency)
    sign = "-" if amount_minor < 0 else ""
    major, minor = divmod(abs(amount_minor), 10**exponent) if exponent else (abs(amount_minor), 0)
    symbol = _SYMBOLS.get(currency)
    number = f"{major:,}" + (f".{minor:0{exponent}d}" if exponent else "")
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency}"


def parse_money(text: str | int | None, currency: str, *, field: str, allow_zero: bool = False) -> int:
    """Turn what a person typed ("12.50", "12", "£12.50") into minor units, or raise Invalid naming `field`."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise Invalid(f"{field.replace('_', ' ')} is required", field=field)
    cleaned = str(text).strip()
    symbol = _SYMBOLS.get(currency)
    if symbol and cleaned.startswith(symbol):
        cleaned = cleaned[len(symbol):]
    if "," in cleaned:
        # Commas only as thousands separators: "12,50" meant as a decimal must not become 1,250.00.
        if not _THOUSANDS.fullmatch(cleaned):
            raise Invalid(f"{field.replace('_', ' ')} must be a number like 12.50 (use a point for decimals)",
                          field=field)
        cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid(f"{field.replace('_', ' ')} must be a number like 12.50", field=field) from None
    if not amount.is_finite() or amount.adjusted() > 15:
        raise Invalid(f"{field.replace('_', ' ')} must be a number like 12.50", field=field)
    exponent = minor_exponent(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-exponent)):
        raise Invalid(f"{field.replace('_', ' ')} has more than {exponent} decimal places", field=field)
    return check_amount_minor(int((amount * 10**exponent).to_integral_value(ROUND_HALF_UP)), currency,
                              field=field, allow_zero=allow_zero)


def check_amount_minor(amount_minor: int, currency: str, *, field: str, allow_zero: bool = False) -> int:
    label = field.replace("_", " ")
    if amount_minor < 0 or (amount_minor == 0 and not allow_zero):
        raise Invalid(f"{label} must be {'zero or more' if allow_zero else 'more than zero'}", field=field)
    if amount_minor > MAX_PRICE_MAJOR * 10 ** minor_exponent(currency):
        raise Invalid(f"{label} is above the limit of {format_money(MAX_PRICE_MAJOR * 10 ** minor_exponent(currency), currency)}",
                      field=field)
    return amount_minor


def to_major_string(amount_minor: int, currency: str) -> str:
    """Minor units as the plain decimal a form field shows ("12.50")."""
    exponent = minor_exponent(currency)
    if not exponent:
        return str(amount_minor)
    return str(Decimal(amount_minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)))
