"""Creating, cancelling and claiming lightning deals: bad input writes nothing, claims never pass the cap, and units
come back exactly once."""
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mercato.checkout import deal_services
from mercato.checkout.deal_models import Deal, DealClaim, Event
from mercato.checkout.deals import Shopper
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.membership.demo import ensure_demo_plan
from mercato.offers.services import pause_offer
from tests.checkout.deal_world import make_deal, make_event
from tests.factories import make_marketplace, make_offer

pytestmark = pytest.mark.django_db

EVERYONE = Shopper()


@pytest.fixture
def offer(marketplace):
    return make_offer(marketplace=marketplace, price_minor=1000, quantity=50)


def deal_arguments(offer, **changes):
    now = timezone.now()
    arguments = dict(marketplace=offer.marketplace, offer_id=offer.id, starts_at=now + timedelta(hours=1),
                     ends_at=now + timedelta(hours=3), deal_price_minor=700, member_price_minor=600, unit_cap=10)
    arguments.update(changes)
    return arguments


def test_an_operator_schedules_a_deal(offer):
    deal = deal_services.create_deal(**deal_arguments(offer))

    assert (deal.offer_id, deal.deal_price_minor, deal.member_price_minor, deal.unit_cap, deal.units_claimed) == (
        offer.id, 700, 600, 10, 0)
    assert deal.status == Deal.Status.SCHEDULED


@pytest.mark.parametrize("changes, error, field, words", [
    ({"ends_at": timezone.now()}, Invalid, "ends_at", "end after it starts"),
    ({"deal_price_minor": 1000}, Invalid, "deal_price_minor", "below the offer's price (£10.00)"),
    ({"deal_price_minor": 0}, Invalid, "deal_price_minor", "positive"),
    ({"member_price_minor": 800}, Invalid, "member_price_minor", "not be above the deal price"),
    ({"unit_cap": 0}, Invalid, "unit_cap", "at least 1"),
    ({"offer_id": "999999"}, NotFound, "offer", "no offer 999999"),
    ({"offer_id": "twelve"}, NotFound, "offer", "no offer twelve"),
    ({"starts_at": "tomorrow"}, Invalid, "starts_at", "date and time"),
    ({"event_id": 424242}, NotFound, "event", "no such event"),
])
def test_bad_deals_are_refused_and_nothing_is_written(offer, changes, error, field, words):
    if "ends_at" in changes:
        changes["starts_at"] = changes["ends_at"] + timedelta(minutes=1)
    with pytest.raises(error) as refused:
        deal_services.create_deal(**deal_arguments(offer, **changes))

    assert refused.value.field == field and words in refused.value.detail
    assert not Deal.objects.exists()


def test_a_naive_time_is_refused(offer):
    with pytest.raises(Invalid, match="time zone"):
        deal_services.create_deal(**deal_arguments(offer, starts_at=timezone.now().replace(tzinfo=None)))


def test_a_paused_offer_or_one_from_another_marketplace_cannot_have_a_deal(offer):
    other = make_offer(marketplace=make_marketplace("de", currency="EUR"), price_minor=1000)
    with pytest.raises(NotFound):
        deal_services.create_deal(**deal_arguments(other, marketplace=offer.marketplace))
    pause_offer(seller=offer.seller, offer_id=offer.id)
    with pytest.raises(NotAllowed, match="not on sale"):
        deal_services.create_deal(**deal_arguments(offer))
    assert not Deal.objects.exists()


def test_deals_on_one_offer_may_not_overlap_early_access_included(offer, marketplace):
    first = deal_services.create_deal(**deal_arguments(offer))
    with pytest.raises(Conflict) as overlapping:
        deal_services.create_deal(**deal_arguments(offer, starts_at=first.ends_at - timedelta(minutes=1),
                                                   ends_at=first.ends_at + timedelta(hours=1)))
    assert overlapping.value.code == "deal_overlap"

    ensure_demo_plan(marketplace)  # members may buy 30 minutes early: a deal 15 minutes after would overlap
    with pytest.raises(Conflict):
        deal_services.create_deal(**deal_arguments(offer, starts_at=first.ends_at + timedelta(minutes=15),
                                                   ends_at=first.ends_at + timedelta(hours=1)))
    later = deal_services.create_deal(**deal_arguments(offer, starts_at=first.ends_at + timedelta(minutes=30),
                                                       ends_at=first.ends_at + timedelta(hours=1)))
    assert Deal.objects.count() == 2 and later.pk


def test_a_cancelled_deal_does_not_block_a_new_one(offer):
    first = deal_services.create_deal(**deal_arguments(offer))
    deal_services.cancel_deal(deal_id=first.pk)
    assert deal_services.create_deal(**deal_arguments(offer)).pk != first.pk


def test_a_deal_in_an_event_runs_within_it(offer, marketplace):
    event = make_event(marketplace, starts_in=timedelta(hours=2), lasts=timedelta(hours=4))
    with pytest.raises(Invalid, match="within its event"):
        deal_services.create_deal(**deal_arguments(offer, event_id=event.pk))
    now = timezone.now()
    deal = deal_services.create_deal(**deal_arguments(offer, event_id=event.pk, starts_at=now + timedelta(hours=2),
                                                      ends_at=now + timedelta(hours=3)))
    assert deal.event == event


@pytest.mark.parametrize("changes, field, words", [
    ({"slug": "Members Day"}, "slug", "lower-case letters"),
    ({"slug": ""}, "slug", "required"),
    ({"name": "   "}, "name", "required"),
    ({"ends_at": timezone.now() - timedelta(days=400)}, "ends_at", "end after it starts"),
])
def test_bad_events_are_refused_and_nothing_is_written(marketplace, changes, field, words):
    now = timezone.now()
    arguments = dict(marketplace=marketplace, name="Members' Day", slug="members-day", starts_at=now,
                     ends_at=now + timedelta(days=1)) | changes
    with pytest.raises(Invalid) as refused:
        deal_services.create_event(**arguments)
    assert refused.value.field == field and words in refused.value.detail
    assert not Event.objects.exists()


def test_an_event_slug_is_unique_per_marketplace(marketplace):
    make_event(marketplace)
    with pytest.raises(Conflict, match="exists already"):
        make_event(marketplace)
    assert Event.objects.count() == 1


def test_cancelling_twice_is_refused(offer):
    deal = deal_services.create_deal(**deal_arguments(offer))
    deal_services.cancel_deal(deal_id=deal.pk)
    with pytest.raises(Conflict, match="already cancelled"):
        deal_services.cancel_deal(deal_id=deal.pk)
    with pytest.raises(NotFound):
        deal_services.cancel_deal(deal_id="nope")


def claim(deal, quantity, reference, shopper=EVERYONE, now=None):
    with transaction.atomic():
        return deal_services.claim_deal_units(deal_id=deal.pk, quantity=quantity, reference=reference,
                                              shopper=shopper, now=now or timezone.now())


def test_claims_never_pass_the_cap(offer):
    deal = make_deal(offer, cap=5)

    claim(deal, 2, "O1")
    claim(deal, 2, "O2")
    with pytest.raises(Conflict) as too_many:
        claim(deal, 2, "O3")
    assert too_many.value.code == "deal_sold_out" and "only 1 left" in too_many.value.detail
    claim(deal, 1, "O4")
    with pytest.raises(Conflict, match="just sold out"):
        claim(deal, 1, "O5")

    deal.refresh_from_db()
    assert deal.units_claimed == 5
    assert sorted(DealClaim.objects.values_list("reference", flat=True)) == ["O1", "O2", "O4"]


def test_the_database_refuses_a_count_above_the_cap(offer):
    deal = make_deal(offer, cap=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=deal.pk).update(units_claimed=4)


def test_claims_respect_the_window_and_early_access(offer, marketplace):
    ensure_demo_plan(marketplace)
    deal = make_deal(offer, starts_in=timedelta(minutes=20))
    with pytest.raises(Conflict) as early:
        claim(deal, 1, "O1")
    assert early.value.code == "deal_not_started"
    assert "members get early access from" in early.value.detail
    claim(deal, 1, "O2", shopper=Shopper(member_deals=True, early_access_minutes=30))
    with pytest.raises(Conflict) as late:
        claim(deal, 1, "O3", now=deal.ends_at)
    assert late.value.code == "deal_ended"
    deal_services.cancel_deal(deal_id=deal.pk)
    with pytest.raises(Conflict, match="withdrawn"):
        claim(deal, 1, "O4", shopper=Shopper(member_deals=True, early_access_minutes=30))


def test_released_claims_give_units_back_exactly_once(offer):
    deal = make_deal(offer, cap=4)
    other = make_deal(make_offer(marketplace=offer.marketplace, price_minor=2000), cap=4)
    claim(deal, 2, "OREF")
    claim(other, 1, "OREF")

    assert sorted(deal_services.release_deal_claims(reference="OREF")) == sorted([deal.pk, other.pk])
    assert deal_services.release_deal_claims(reference="OREF") == []

    deal.refresh_from_db()
    other.refresh_from_db()
    assert (deal.units_claimed, other.units_claimed) == (0, 0)
    assert set(DealClaim.objects.values_list("status", flat=True)) == {DealClaim.Status.RELEASED}


def test_releasing_for_some_offers_keeps_the_other_claims(offer):
    deal = make_deal(offer, cap=4)
    other = make_deal(make_offer(marketplace=offer.marketplace, price_minor=2000), cap=4)
    claim(deal, 2, "OREF")
    claim(other, 1, "OREF")

    deal_services.release_deal_claims(reference="OREF", offer_ids=[other.offer_id])

    assert Deal.objects.get(pk=deal.pk).units_claimed == 2
    assert Deal.objects.get(pk=other.pk).units_claimed == 0
