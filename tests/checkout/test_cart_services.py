import pytest

from mercato.checkout.selectors import cart_view
from mercato.checkout.services import add_to_cart, merge_guest_cart, new_cart, remove_from_cart, set_cart_quantity
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.offers.models import Offer
from mercato.sellers.services import suspend_seller
from tests.factories import make_offer, make_seller, make_user

pytestmark = pytest.mark.django_db


def test_cart_shows_lines_by_seller_with_totals(marketplace):
    cart = new_cart(marketplace=marketplace)
    first, second = make_offer(price_minor=1000, shipping_minor=100), make_offer(price_minor=500)
    add_to_cart(cart=cart, offer_id=first.id, quantity=2)
    add_to_cart(cart=cart, offer_id=second.id)
    view = cart_view(cart)
    assert view.item_count == 3
    assert view.quote.total_minor == 2200 + 500
    assert [part.seller_id for part in view.quote.parts] == [first.seller_id, second.seller_id]


def test_cart_warns_when_price_or_stock_changed(marketplace):
    cart = new_cart(marketplace=marketplace)
    offer = make_offer(price_minor=1000, quantity=5)
    add_to_cart(cart=cart, offer_id=offer.id, quantity=3)
    Offer.objects.filter(pk=offer.pk).update(price_minor=1100, quantity=2)
    warnings = cart_view(cart).lines[0].warnings
    assert any("price went up from £10.00 to £11.00" in w for w in warnings)
    assert any("only 2 left" in w for w in warnings)


@pytest.mark.parametrize("quantity, message", [(0, "at least 1"), (-2, "at least 1"), (11, "at most 10"),
                                               (6, "only 5 available")])
def test_bad_quantities_are_refused(marketplace, quantity, message):
    cart = new_cart(marketplace=marketplace)
    with pytest.raises(Invalid, match=message):
        add_to_cart(cart=cart, offer_id=make_offer(quantity=5).id, quantity=quantity)
    assert not cart.lines.exists()


def test_suspended_sellers_offer_cannot_be_added(marketplace):
    seller = make_seller()
    offer = make_offer(seller=seller)
    suspend_seller(seller=seller, operator=None, reason="checks")
    with pytest.raises(NotAllowed):
        add_to_cart(cart=new_cart(marketplace=marketplace), offer_id=offer.id)


def test_sold_out_offer_cannot_be_added(marketplace):
    with pytest.raises(Conflict):
        add_to_cart(cart=new_cart(marketplace=marketplace), offer_id=make_offer(quantity=0).id)


def test_a_line_of_another_cart_cannot_be_changed(marketplace):
    mine, theirs = new_cart(marketplace=marketplace), new_cart(marketplace=marketplace)
    line = add_to_cart(cart=theirs, offer_id=make_offer().id)
    with pytest.raises(NotFound):
        set_cart_quantity(cart=mine, line_id=line.id, quantity=2)
    with pytest.raises(NotFound):
        remove_from_cart(cart=mine, line_id=line.id)
    line.refresh_from_db()
    assert line.quantity == 1


def test_guest_cart_merges_into_the_account_on_sign_in(marketplace):
    user = make_user()
    shared, only_guest = make_offer(quantity=20), make_offer()
    account_cart = new_cart(marketplace=marketplace, user=user)
    add_to_cart(cart=account_cart, offer_id=shared.id, quantity=2)
    guest = new_cart(marketplace=marketplace)
    add_to_cart(cart=guest, offer_id=shared.id, quantity=3)
    add_to_cart(cart=guest, offer_id=only_guest.id)

    merged = merge_guest_cart(guest_cart=guest, user=user)

    assert merged.pk == account_cart.pk
    assert {line.offer_id: line.quantity for line in merged.lines.all()} == {shared.id: 5, only_guest.id: 1}
    assert not type(guest).objects.filter(pk=guest.pk).exists()
