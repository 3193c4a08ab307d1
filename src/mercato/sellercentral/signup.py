"""A newcomer's seller sign-up: their Mercato account and their seller application, both or neither.

This only composes two domain services inside one transaction: `customers.services.sign_up` holds the
rules for the account, `sellers.services.register_seller` those for the business. If the second one
refuses (say the display name is taken), the account is rolled back too, so the person can simply
correct the form and send it again."""
from __future__ import annotations

from django.db import transaction

from mercato.customers.models import User
from mercato.customers.services import sign_up
from mercato.sellers.models import Seller
from mercato.sellers.services import register_seller


@transaction.atomic
def sign_up_seller(*, email: str, full_name: str, password: str, details: dict) -> tuple[User, Seller]:
    """Open the person's account and register their business as a seller waiting for approval.
    Returns (user, seller) so the caller can sign the new user in."""
    user = sign_up(email=email, full_name=full_name, password=password)
    return user, register_seller(user=user, details=details)
