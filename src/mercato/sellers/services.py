"""Seller accounts: sign-up, approval, suspension."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mercato.core.errors import Conflict, Invalid, NotAllowed
from mercato.core.text import clean_text
from mercato.sellers.models import Seller, SellerMember

BUSINESS_FIELDS = {
    # field: (max length, required)
    "display_name": (100, True),
    "legal_name": (200, True),
    "company_number": (40, True),
    "vat_number": (40, False),
    "contact_email": (254, True),
    "phone": (30, False),
    "address_line1": (200, True),
    "city": (100, True),
    "postal_code": (20, True),
    "country_code": (2, True),
}


def clean_business_details(details: dict) -> dict:
    cleaned = {name: clean_text(details.get(name), field=name, max_length=max_length, required=required)
               for name, (max_length, required) in BUSINESS_FIELDS.items()}
    cleaned["country_code"] = cleaned["country_code"].upper()
    if len(cleaned["country_code"]) != 2 or not cleaned["country_code"].isalpha():
        raise Invalid("country must be a two-letter code such as GB", field="country_code")
    if "@" not in cleaned["contact_email"] or " " in cleaned["contact_email"]:
        raise Invalid("contact email must be an email address", field="contact_email")
    if not slugify(cleaned["display_name"]):
        raise Invalid("display name needs letters or digits", field="display_name")
    return cleaned


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "seller"
    slug, suffix = base, 2
    while Seller.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def register_seller(*, user, details: dict, kind: str = Seller.Kind.THIRD_PARTY) -> Seller:
    """A business applies to sell. It waits for an operator's approval before its offers can be listed."""
    if SellerMember.objects.filter(user=user).exists():
        raise Conflict("this account already belongs to a seller", field="user")
    cleaned = clean_business_details(details)
    if Seller.objects.filter(display_name__iexact=cleaned["display_name"]).exists():
        raise Conflict("a seller with this display name already exists", field="display_name")
    seller = Seller.objects.create(slug=_unique_slug(cleaned["display_name"]), kind=kind, **cleaned)
    SellerMember.objects.create(seller=seller, user=user)
    return seller


def _lock(seller: Seller) -> Seller:
    return Seller.objects.select_for_update().get(pk=seller.pk)


@transaction.atomic
def approve_seller(*, seller: Seller, operator) -> Seller:
    seller = _lock(seller)
    if seller.status not in (Seller.Status.PENDING, Seller.Status.REJECTED):
        raise NotAllowed(f"a seller that is {seller.get_status_display().lower()} cannot be approved", field="status")
    return _set_status(seller, Seller.Status.ACTIVE, reason="")


@transaction.atomic
def reject_seller(*, seller: Seller, operator, reason: str) -> Seller:
    seller = _lock(seller)
    if seller.status != Seller.Status.PENDING:
        raise NotAllowed("only a seller waiting for approval can be rejected", field="status")
    return _set_status(seller, Seller.Status.REJECTED, reason=clean_text(reason, field="reason", max_length=300))


@transaction.atomic
def suspend_seller(*, seller: Seller, operator, reason: str) -> Seller:
    """Stop a seller selling: its offers disappear from the storefront, search and Buy Box at once."""
    seller = _lock(seller)
    if seller.status != Seller.Status.ACTIVE:
        raise NotAllowed("only an active seller can be suspended", field="status")
    return _set_status(seller, Seller.Status.SUSPENDED, reason=clean_text(reason, field="reason", max_length=300))


@transaction.atomic
def reinstate_seller(*, seller: Seller, operator) -> Seller:
    seller = _lock(seller)
    if seller.status != Seller.Status.SUSPENDED:
        raise NotAllowed("only a suspended seller can be reinstated", field="status")
    return _set_status(seller, Seller.Status.ACTIVE, reason="")


def _set_status(seller: Seller, status: str, *, reason: str) -> Seller:
    from mercato.offers.services import refresh_buyboxes_for_seller

    seller.status = status
    seller.status_reason = reason
    seller.status_changed_at = timezone.now()
    seller.save(update_fields=["status", "status_reason", "status_changed_at"])
    refresh_buyboxes_for_seller(seller)
    return seller


# Each cancellation by the seller lowers its performance score; a seller that keeps cancelling loses the
# Buy Box (below buybox.MIN_SELLER_SCORE) until an operator reviews the score.
CANCELLATION_PENALTY = 0.02


@transaction.atomic
def record_seller_cancellation(*, seller: Seller) -> Seller:
    from mercato.offers.services import refresh_buyboxes_for_seller

    seller = _lock(seller)
    seller.performance_score = max(0.0, round(seller.performance_score - CANCELLATION_PENALTY, 4))
    seller.save(update_fields=["performance_score"])
    transaction.on_commit(lambda: refresh_buyboxes_for_seller(seller))
    return seller
