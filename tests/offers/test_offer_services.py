import pytest

from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.offers.models import BuyBox, Offer
from mercato.offers.selectors import offers_for_product
from mercato.offers.services import (OfferRow, OfferTerms, create_offer, pause_offer, resume_offer, update_offer,
                                     upsert_offers)
from mercato.search.models import PendingReindex
from mercato.sellers.services import suspend_seller
from tests.factories import make_marketplace, make_offer, make_product, make_seller

pytestmark = pytest.mark.django_db


def terms(price_minor=1000, quantity=3, **extra):
    return OfferTerms(price_minor=price_minor, quantity=quantity, **extra)


def test_listing_an_offer_makes_it_the_buy_box_and_queues_the_product_for_search(marketplace):
    product = make_product("Enamel mug")
    offer = create_offer(seller=make_seller(), product=product, marketplace=marketplace, terms=terms(1299))
    buybox = BuyBox.objects.get(product=product, marketplace=marketplace)
    assert buybox.offer_id == offer.id and buybox.landed_price_minor == 1299
    assert PendingReindex.objects.filter(product_id=product.id).exists()


@pytest.mark.parametrize("bad_terms, field", [
    (terms(price_minor=0), "price_minor"),
    (terms(price_minor=-5), "price_minor"),
    (terms(price_minor=10**12), "price_minor"),
    (terms(quantity=-1), "quantity"),
    (terms(quantity=10**7), "quantity"),
    (terms(handling_days=31), "handling_days"),
    (terms(shipping_minor=-1), "shipping_minor"),
    (terms(fulfillment_channel="drone"), "fulfillment_channel"),
    (terms(condition_note="x" * 301), "condition_note"),
])
def test_bad_terms_are_refused_naming_the_field_and_write_nothing(marketplace, bad_terms, field):
    seller, product = make_seller(), make_product()
    with pytest.raises(Invalid) as refused:
        create_offer(seller=seller, product=product, marketplace=marketplace, terms=bad_terms)
    assert refused.value.field == field
    assert not Offer.objects.exists()


def test_second_offer_for_same_product_condition_and_marketplace_is_refused(marketplace):
    first = make_offer(marketplace=marketplace)
    with pytest.raises(Conflict) as refused:
        create_offer(seller=first.seller, product=first.product, marketplace=marketplace, terms=terms())
    assert refused.value.field == "condition"
    assert Offer.objects.count() == 1


def test_same_product_in_another_condition_or_marketplace_is_a_separate_offer(marketplace):
    first = make_offer(marketplace=marketplace)
    create_offer(seller=first.seller, product=first.product, marketplace=marketplace, terms=terms(),
                 condition="used_good")
    create_offer(seller=first.seller, product=first.product, marketplace=make_marketplace("de", currency="EUR"),
                 terms=terms())
    assert Offer.objects.filter(seller=first.seller).count() == 3


def test_pending_seller_cannot_list(marketplace):
    with pytest.raises(NotAllowed):
        create_offer(seller=make_seller(active=False), product=make_product(), marketplace=marketplace,
                     terms=terms())


def test_a_seller_cannot_change_another_sellers_offer(marketplace):
    offer = make_offer(marketplace=marketplace, price_minor=1000)
    intruder = make_seller()
    with pytest.raises(NotFound):
        update_offer(seller=intruder, offer_id=offer.id, terms=OfferTerms(price_minor=1))
    with pytest.raises(NotFound):
        pause_offer(seller=intruder, offer_id=offer.id)
    offer.refresh_from_db()
    assert offer.price_minor == 1000 and offer.status == Offer.Status.ACTIVE


def test_price_drop_takes_the_buy_box(marketplace):
    product = make_product()
    incumbent = make_offer(product=product, marketplace=marketplace, price_minor=1000)
    challenger = make_offer(product=product, marketplace=marketplace, price_minor=1100)
    update_offer(seller=challenger.seller, offer_id=challenger.id, terms=OfferTerms(price_minor=900))
    assert BuyBox.objects.get(product=product).offer_id == challenger.id
    assert offers_for_product(product.id, marketplace).featured.offer.id == challenger.id
    assert incumbent.id in [view.offer.id for view in offers_for_product(product.id, marketplace).others]


def test_paused_offer_leaves_the_buy_box_and_resuming_brings_it_back(marketplace):
    offer = make_offer(marketplace=marketplace)
    pause_offer(seller=offer.seller, offer_id=offer.id)
    assert BuyBox.objects.get(product=offer.product).offer_id is None
    resume_offer(seller=offer.seller, offer_id=offer.id)
    assert BuyBox.objects.get(product=offer.product).offer_id == offer.id


def test_suspending_a_seller_hides_its_offers_at_once(marketplace):
    product = make_product()
    cheap = make_offer(product=product, marketplace=marketplace, price_minor=500)
    dear = make_offer(product=product, marketplace=marketplace, price_minor=900)
    suspend_seller(seller=cheap.seller, operator=None, reason="counterfeits")
    shown = offers_for_product(product.id, marketplace)
    assert shown.featured.offer.id == dear.id
    assert cheap.id not in [view.offer.id for view in shown.all]
    assert BuyBox.objects.get(product=product).offer_id == dear.id


def test_bulk_upsert_creates_updates_and_rejects_rows_independently(marketplace):
    seller = make_seller()
    listed = make_offer(seller=seller, marketplace=marketplace, price_minor=1000)
    fresh = make_product(gtin="4006381333931")
    outcomes = upsert_offers(seller=seller, marketplace=marketplace, rows=[
        OfferRow(1, product_id=listed.product.public_id, terms=OfferTerms(price_minor=850)),
        OfferRow(2, gtin="4006381333931", terms=terms(1500, 4)),
        OfferRow(3, gtin="4006381333931", condition="broken", terms=terms()),
        OfferRow(4, product_id="MNOSUCHTHING", terms=terms()),
        OfferRow(5, gtin="4006381333932", terms=terms()),
    ])
    assert [(o.row_number, o.action) for o in outcomes] == [
        (1, "updated"), (2, "created"), (3, "rejected"), (4, "rejected"), (5, "rejected")]
    assert [o.field for o in outcomes if not o.accepted] == ["condition", "product_id", "gtin"]
    listed.refresh_from_db()
    assert listed.price_minor == 850
    assert Offer.objects.get(seller=seller, product=fresh).price_minor == 1500
    assert Offer.objects.filter(seller=seller).count() == 2
