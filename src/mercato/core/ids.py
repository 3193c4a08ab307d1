"""Public identifiers: short, unambiguous, safe to show and to type."""
import secrets

# Crockford's base 32: no I, L, O, U, so ids read aloud or typed by hand stay unambiguous.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_public_id(prefix: str, length: int = 9, *, rng=None) -> str:
    """`prefix` + `length` random characters, e.g. "M4K2Q9XTB7". Pass a seeded `random.Random` for demo data."""
    choice = rng.choice if rng is not None else secrets.choice
    return prefix + "".join(choice(_ALPHABET) for _ in range(length))
