"""Shopper accounts and delivery addresses: one function per business action, each one transaction."""
from __future__ import annotations

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.text import clean_text
from mercato.customers.models import Address, PaymentMethod, User

MAX_ADDRESSES_PER_USER = 50

ADDRESS_FIELDS = {
    # field: (max length, required)
    "full_name": (150, True),
    "line1": (200, True),
    "line2": (200, False),
    "city": (100, True),
    "postal_code": (20, True),
    "country_code": (2, True),
    "phone": (30, False),
}

# Postcodes worldwide are letters, digits, spaces and hyphens (GB "SW1A 1AA", US "94103-1234", NL "1012 AB").
_POSTCODE = re.compile(r"^[A-Z0-9][A-Z0-9 -]{1,10}[A-Z0-9]$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


@transaction.atomic
def sign_up(*, email: str, full_name: str, password: str) -> User:
    """Open a shopper account. The password must pass the site's password validators."""
    email = clean_text(email, field="email", max_length=254).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid("enter an email address like name@example.com", field="email") from None
    full_name = clean_text(full_name, field="full_name", max_length=150)
    if not password:
        raise Invalid("password is required", field="password")
    candidate = User(email=email, full_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field="password") from None
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict("an account with this email already exists; sign in instead", field="email")
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, full_name=full_name)
    except IntegrityError:  # a concurrent sign-up with the same email won the race
        raise Conflict("an account with this email already exists; sign in instead", field="email") from None


def clean_address_details(details: dict) -> dict:
    cleaned = {name: clean_text(details.get(name), field=name, max_length=max_length, required=required)
               for name, (max_length, required) in ADDRESS_FIELDS.items()}
    cleaned["country_code"] = cleaned["country_code"].upper()
    if len(cleaned["country_code"]) != 2 or not cleaned["country_code"].isascii() \
            or not cleaned["country_code"].isalpha():
        raise Invalid("country must be a two-letter code such as GB", field="country_code")
    postal_code = " ".join(cleaned["postal_code"].upper().split())
    if not _POSTCODE.match(postal_code):
        raise Invalid("postcode must be 3 to 12 letters, digits, spaces or hyphens", field="postal_code")
    cleaned["postal_code"] = postal_code
    phone = cleaned["phone"]
    if phone:
        digits = sum(ch.isdigit() for ch in phone)
        if not _PHONE.match(phone) or not 6 <= digits <= 15:
            raise Invalid("phone must be 6 to 15 digits, optionally starting with +", field="phone")
    return cleaned


def _locked(model, user: User) -> list:
    """Lock the user's addresses or cards (by primary key) so two default changes cannot interleave."""
    return list(model.objects.select_for_update().filter(user=user).order_by("pk"))


def _owned(items: list, item_id, *, what: str = "address", field: str = "address"):
    for item in items:
        if str(item.pk) == str(item_id):
            return item
    # Someone else's and a missing one look the same: nothing to see here.
    raise NotFound(f"{what} not found", field=field)


def _make_default(model, user: User, item) -> None:
    if not item.is_default:
        model.objects.filter(user=user, is_default=True).update(is_default=False)
        item.is_default = True
        item.save(update_fields=["is_default"])


def _delete_keeping_a_default(model, items: list, item) -> None:
    """Delete `item`; if it was the default, the oldest remaining one becomes the default."""
    item.delete()
    if item.is_default:
        remaining = [other for other in items if other.pk != item.pk]
        if remaining:
            model.objects.filter(pk=remaining[0].pk).update(is_default=True)


@transaction.atomic
def add_address(*, user: User, details: dict, make_default: bool = False) -> Address:
    """Save a delivery address. A shopper's first address becomes the default."""
    cleaned = clean_address_details(details)
    addresses = _locked(Address, user)
    if len(addresses) >= MAX_ADDRESSES_PER_USER:
        raise Invalid(f"you can keep at most {MAX_ADDRESSES_PER_USER} addresses; delete one first", field="address")
    make_default = make_default or not addresses
    if make_default:
        Address.objects.filter(user=user, is_default=True).update(is_default=False)
    return Address.objects.create(user=user, is_default=make_default, **cleaned)


@transaction.atomic
def update_address(*, user: User, address_id: int, details: dict) -> Address:
    address = _owned(_locked(Address, user), address_id)
    cleaned = clean_address_details(details)
    for name, value in cleaned.items():
        setattr(address, name, value)
    address.save(update_fields=list(cleaned))
    return address


@transaction.atomic
def delete_address(*, user: User, address_id: int) -> None:
    """Delete an address; if it was the default, the oldest remaining one becomes the default."""
    addresses = _locked(Address, user)
    _delete_keeping_a_default(Address, addresses, _owned(addresses, address_id))


@transaction.atomic
def set_default_address(*, user: User, address_id: int) -> Address:
    address = _owned(_locked(Address, user), address_id)
    _make_default(Address, user, address)
    return address


MAX_CARDS_PER_USER = 10


def _card_expiry(exp_month, exp_year) -> tuple[int, int]:
    from django.utils import timezone

    from mercato.core.text import parse_whole_number

    month = parse_whole_number(exp_month, field="exp_month", minimum=1, maximum=12)
    year = parse_whole_number(exp_year, field="exp_year", minimum=2000, maximum=2100)
    today = timezone.localdate()
    if (year, month) < (today.year, today.month):
        raise Invalid("this card has expired", field="exp_year")
    return month, year


def add_payment_card(*, user: User, card_number: str, exp_month, exp_year, cvc: str,
                     make_default: bool = False) -> PaymentMethod:
    """Save a card as a provider token and its last four digits. The number and security code are sent to
    the provider and forgotten; a shopper's first card becomes the default."""
    from mercato.payments.gateway import PaymentError
    from mercato.payments.providers import payment_provider

    month, year = _card_expiry(exp_month, exp_year)
    typed = str(card_number or "").strip()
    if not typed:
        raise Invalid("card number is required", field="card_number")
    if any(ch not in "0123456789 -" for ch in typed):
        raise Invalid("a card number has only digits (spaces are fine)", field="card_number")
    digits = "".join(ch for ch in typed if ch in "0123456789")
    if PaymentMethod.objects.filter(user=user).count() >= MAX_CARDS_PER_USER:
        raise Invalid(f"you can keep at most {MAX_CARDS_PER_USER} cards; remove one first", field="card_number")
    provider = payment_provider()
    try:
        card = provider.tokenise(card_number=digits, exp_month=month, exp_year=year, cvc=str(cvc or "").strip())
    except PaymentError as error:
        raise Invalid(error.reason, field="card_number") from None
    with transaction.atomic():
        make_default = make_default or not _locked(PaymentMethod, user)
        if make_default:
            PaymentMethod.objects.filter(user=user, is_default=True).update(is_default=False)
        return PaymentMethod.objects.create(user=user, provider=provider.name, token=card.token, brand=card.brand,
                                            last4=card.last4, exp_month=month, exp_year=year,
                                            is_default=make_default)


@transaction.atomic
def remove_payment_card(*, user: User, payment_method_id: int) -> None:
    cards = _locked(PaymentMethod, user)
    _delete_keeping_a_default(PaymentMethod, cards,
                              _owned(cards, payment_method_id, what="card", field="payment_method"))


@transaction.atomic
def set_default_payment_card(*, user: User, payment_method_id: int) -> PaymentMethod:
    card = _owned(_locked(PaymentMethod, user), payment_method_id, what="card", field="payment_method")
    _make_default(PaymentMethod, user, card)
    return card
