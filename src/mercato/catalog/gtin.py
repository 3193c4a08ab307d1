"""GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) validation. Pure: no Django."""


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it."""
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return (code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14)
            and gtin_check_digit(code[:-1]) == int(code[-1]))


def normalise_gtin(code: str) -> str:
    """Strip spaces and dashes people type, and write UPC-A and GTIN-14 with a leading zero as EAN-13,
    so one item has one stored form whichever way it was typed."""
    digits = code.strip().replace(" ", "").replace("-", "")
    if len(digits) == 12:
        return "0" + digits
    if len(digits) == 14 and digits.startswith("0"):
        return digits[1:]
    return digits
