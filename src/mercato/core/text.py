"""Checks for text that people type into forms and CSV files."""
import unicodedata

from mercato.core.errors import Invalid


def clean_text(value, *, field: str, max_length: int, required: bool = True) -> str:
    """Strip, refuse control characters and over-long text; raise Invalid naming `field`."""
    label = field.replace("_", " ")
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise Invalid(f"{label} is required", field=field)
        return ""
    if len(text) > max_length:
        raise Invalid(f"{label} is too long ({len(text)} characters; the limit is {max_length})", field=field)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
        raise Invalid(f"{label} contains control characters", field=field)
    return text


def parse_id(value) -> int | None:
    """A database id typed in a URL or form (ASCII digits, fitting a 64-bit key), else None."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if number < 2**63 else None


def parse_whole_number(value, *, field: str, minimum: int, maximum: int) -> int:
    label = field.replace("_", " ")
    if isinstance(value, bool):
        raise Invalid(f"{label} must be a whole number", field=field)
    if isinstance(value, int):
        number = value
    else:
        text = "" if value is None else str(value).strip()
        if not text:
            raise Invalid(f"{label} is required", field=field)
        digits = text[1:] if text.startswith("-") else text
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 20:
            raise Invalid(f"{label} must be a whole number", field=field)
        number = int(text)
    if number < minimum or number > maximum:
        raise Invalid(f"{label} must be between {minimum} and {maximum}", field=field)
    return number
