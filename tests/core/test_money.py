import pytest

from mercato.core.errors import Invalid
from mercato.core.money import Money, format_money, parse_money, to_major_string


@pytest.mark.parametrize("typed, minor", [("12.50", 1250), ("12", 1200), ("£12.50", 1250), ("1,250.00", 125000),
                                          (" 0.99 ", 99), ("12.5", 1250)])
def test_prices_people_type_become_minor_units(typed, minor):
    assert parse_money(typed, "GBP", field="price") == minor


@pytest.mark.parametrize("typed", ["12,50", "1,2,3", "abc", "12.505", "-3", "0", "NaN", "Infinity", "1e3x",
                                   "99999999999", ""])
def test_ambiguous_or_bad_prices_are_refused_naming_the_field(typed):
    with pytest.raises(Invalid) as refused:
        parse_money(typed, "GBP", field="price")
    assert refused.value.field == "price"


def test_currencies_without_minor_units():
    assert parse_money("1500", "JPY", field="price") == 1500
    assert format_money(1500, "JPY") == "¥1,500"
    with pytest.raises(Invalid):
        parse_money("15.5", "JPY", field="price")


def test_money_never_mixes_currencies_or_floats():
    assert Money(250, "GBP") + Money(100, "GBP") == Money(350, "GBP")
    assert Money(250, "GBP") * 3 == Money(750, "GBP")
    with pytest.raises(ValueError):
        Money(1, "GBP") + Money(1, "EUR")
    with pytest.raises(TypeError):
        Money(1.5, "GBP")
    assert to_major_string(1250, "GBP") == "12.50"
    assert format_money(-1999, "EUR") == "-€19.99"


@pytest.mark.parametrize("text", ["1e400", "9" * 40, "1E+20"])
def test_absurdly_large_amounts_are_refused_not_crashed_on(text):
    with pytest.raises(Invalid):
        parse_money(text, "GBP", field="price")
