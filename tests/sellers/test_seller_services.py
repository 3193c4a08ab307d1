import pytest

from mercato.core.errors import Conflict, Invalid, NotAllowed
from mercato.sellers.models import Seller
from mercato.sellers.services import approve_seller, register_seller, reinstate_seller, suspend_seller
from tests.factories import business_details, make_operator, make_seller, make_user

pytestmark = pytest.mark.django_db


def test_a_new_seller_waits_for_approval_then_becomes_active():
    seller = register_seller(user=make_user(), details=business_details("Kestrel Home"))
    assert seller.status == Seller.Status.PENDING and seller.slug == "kestrel-home"
    approve_seller(seller=seller, operator=make_operator())
    seller.refresh_from_db()
    assert seller.is_active


@pytest.mark.parametrize("field, value", [("display_name", ""), ("country_code", "GBR"), ("contact_email", "nope"),
                                          ("legal_name", "x" * 201), ("city", "Leeds\x00")])
def test_bad_business_details_are_refused_naming_the_field(field, value):
    details = business_details("Kestrel Home") | {field: value}
    with pytest.raises(Invalid) as refused:
        register_seller(user=make_user(), details=details)
    assert refused.value.field == field
    assert not Seller.objects.exists()


def test_one_account_cannot_register_two_sellers():
    user = make_user()
    register_seller(user=user, details=business_details("First Shop"))
    with pytest.raises(Conflict):
        register_seller(user=user, details=business_details("Second Shop"))


def test_only_active_sellers_can_be_suspended_and_only_suspended_ones_reinstated():
    pending = make_seller(active=False)
    with pytest.raises(NotAllowed):
        suspend_seller(seller=pending, operator=None, reason="late shipments")
    active = make_seller()
    suspend_seller(seller=active, operator=None, reason="late shipments")
    active.refresh_from_db()
    assert active.status == Seller.Status.SUSPENDED and active.status_reason == "late shipments"
    reinstate_seller(seller=active, operator=None)
    active.refresh_from_db()
    assert active.is_active
    with pytest.raises(NotAllowed):
        approve_seller(seller=active, operator=None)
