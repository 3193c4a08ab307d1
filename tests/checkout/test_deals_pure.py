"""The lightning-deal rules on their own: states, who may buy when, the price each shopper pays, the rules a new
deal must meet."""
from datetime import datetime, timedelta, timezone
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.checkout import deals

NOON = datetime(2027, 7, 8, 12, tzinfo=timezone.utc)
MEMBER = deals.Shopper(member_deals=True, early_access_minutes=30)
EARLY_ONLY = deals.Shopper(member_deals=False, early_access_minutes=30)
PRICES_ONLY = deals.Shopper(member_deals=True, early_access_minutes=0)


def deal(*, starts=NOON, hours=2, cap=10, claimed=0, price=700, member=600, regular=1000, cancelled=False, deal_id=1):
    return deals.DealTerms(deal_id, 5, regular, price, member, starts, starts + timedelta(hours=hours), cap, claimed,
                           cancelled)


@pytest.mark.parametrize("minutes, claimed, cancelled, expected", [
    (-31, 0, False, deals.UPCOMING),
    (-30, 0, False, deals.EARLY_ACCESS),
    (-1, 0, False, deals.EARLY_ACCESS),
    (0, 0, False, deals.RUNNING),
    (119, 9, False, deals.RUNNING),
    (60, 10, False, deals.SOLD_OUT),
    (-10, 10, False, deals.SOLD_OUT),  # members claimed it all in early access
    (120, 0, False, deals.ENDED),
    (120, 10, False, deals.ENDED),
    (60, 0, True, deals.CANCELLED),
])
def test_state_through_a_deals_life(minutes, claimed, cancelled, expected):
    terms = deal(claimed=claimed, cancelled=cancelled)
    assert deals.deal_state(terms, NOON + timedelta(minutes=minutes), early_access_minutes=30) == expected


def test_without_a_plan_there_is_no_early_access_state():
    assert deals.deal_state(deal(), NOON - timedelta(minutes=1)) == deals.UPCOMING


@pytest.mark.parametrize("shopper, minutes, expected", [
    (deals.EVERYONE, -1, deals.NOT_STARTED),
    (deals.EVERYONE, 0, None),
    (MEMBER, -30, None),
    (MEMBER, -31, deals.NOT_STARTED),
    (EARLY_ONLY, -5, None),
    (PRICES_ONLY, -5, deals.NOT_STARTED),  # member prices, but this plan gives no early access
    (MEMBER, 120, deals.DEAL_ENDED),
    (deals.EVERYONE, 121, deals.DEAL_ENDED),
])
def test_who_may_buy_when(shopper, minutes, expected):
    assert deals.refusal(deal(), shopper, NOON + timedelta(minutes=minutes)) == expected


def test_a_sold_out_deal_refuses_everyone_and_a_partial_claim_beyond_what_is_left():
    assert deals.refusal(deal(claimed=10), MEMBER, NOON) == deals.DEAL_SOLD_OUT
    assert deals.refusal(deal(claimed=9), deals.EVERYONE, NOON, quantity=2) == deals.DEAL_SOLD_OUT
    assert deals.refusal(deal(claimed=8), deals.EVERYONE, NOON, quantity=2) is None


def test_a_cancelled_deal_counts_as_ended_for_buyers():
    assert deals.refusal(deal(cancelled=True), MEMBER, NOON) == deals.DEAL_ENDED


@pytest.mark.parametrize("shopper, member_price, expected", [
    (deals.EVERYONE, 600, 700),
    (EARLY_ONLY, 600, 700),  # early access alone does not give the member price
    (MEMBER, 600, 600),
    (PRICES_ONLY, 600, 600),
    (MEMBER, None, 700),  # no member price: members pay the deal price
])
def test_price_for_each_kind_of_shopper(shopper, member_price, expected):
    assert deals.price_for(deal(member=member_price), shopper) == expected


def test_nobody_pays_more_than_the_offers_own_price():
    cheaper_offer = deal(regular=650)
    assert deals.price_for(cheaper_offer, deals.EVERYONE) == 650
    assert deals.price_now(cheaper_offer, deals.EVERYONE, NOON) is None  # no saving: the deal does not apply
    assert deals.price_now(cheaper_offer, MEMBER, NOON) == 600


def test_price_now_only_while_the_deal_is_open_to_the_shopper():
    terms = deal()
    early = NOON - timedelta(minutes=10)
    assert deals.price_now(terms, MEMBER, early) == 600
    assert deals.price_now(terms, EARLY_ONLY, early) == 700
    assert deals.price_now(terms, deals.EVERYONE, early) is None
    assert deals.price_now(terms, deals.EVERYONE, NOON) == 700
    assert deals.price_now(deal(claimed=10), MEMBER, NOON) is None
    assert deals.price_now(terms, MEMBER, NOON + timedelta(hours=2)) is None


def test_best_deal_is_the_lowest_price_open_to_the_shopper():
    running = deal(deal_id=1, price=800, member=None)
    cheaper_but_early = deal(deal_id=2, starts=NOON + timedelta(minutes=20), price=500, member=None)
    assert deals.best_deal([running, cheaper_but_early], deals.EVERYONE, NOON) == (running, 800)
    assert deals.best_deal([running, cheaper_but_early], MEMBER, NOON) == (cheaper_but_early, 500)
    assert deals.best_deal([], MEMBER, NOON) is None
    assert deals.best_deal([deal(claimed=10)], MEMBER, NOON) is None


def test_showcase_prefers_a_live_deal_then_the_next_to_start():
    live = deal(deal_id=1, starts=NOON - timedelta(hours=1))
    later = deal(deal_id=2, starts=NOON + timedelta(hours=3))
    soon = deal(deal_id=3, starts=NOON + timedelta(hours=1))
    over = deal(deal_id=4, starts=NOON - timedelta(hours=5))
    assert deals.showcase_deal([later, over, live, soon], NOON) == live
    assert deals.showcase_deal([later, over, soon], NOON) == soon
    assert deals.showcase_deal([over, deal(cancelled=True)], NOON) is None


@pytest.mark.parametrize("claimed, cap, percent", [(0, 10, 0), (1, 3, 33), (9, 10, 90), (999, 1000, 99),
                                                   (10, 10, 100)])
def test_claimed_percent_rounds_down_and_is_100_only_when_sold_out(claimed, cap, percent):
    assert deal(claimed=claimed, cap=cap).claimed_percent == percent


def problems(**changes):
    arguments = dict(regular_price_minor=1000, deal_price_minor=700, member_price_minor=600, unit_cap=10,
                     starts_at=NOON, ends_at=NOON + timedelta(hours=2), now=NOON - timedelta(days=1))
    arguments.update(changes)
    return [(problem.field, problem.message) for problem in deals.creation_problems(**arguments)]


def test_a_good_deal_has_no_problems():
    assert problems() == []
    assert problems(member_price_minor=None) == []
    assert problems(member_price_minor=700) == []


@pytest.mark.parametrize("changes, field, words", [
    ({"deal_price_minor": 1000}, "deal_price_minor", "below the offer's price"),
    ({"deal_price_minor": 1200}, "deal_price_minor", "below the offer's price"),
    ({"deal_price_minor": 0}, "deal_price_minor", "positive"),
    ({"deal_price_minor": "7.00"}, "deal_price_minor", "positive"),
    ({"deal_price_minor": True}, "deal_price_minor", "positive"),
    ({"member_price_minor": 701}, "member_price_minor", "not be above the deal price"),
    ({"member_price_minor": 0}, "member_price_minor", "positive"),
    ({"unit_cap": 0}, "unit_cap", "at least 1"),
    ({"unit_cap": -3}, "unit_cap", "at least 1"),
    ({"unit_cap": 100_001}, "unit_cap", "at most 100,000"),
    ({"ends_at": NOON}, "ends_at", "end after it starts"),
    ({"ends_at": NOON - timedelta(minutes=1)}, "ends_at", "end after it starts"),
    ({"ends_at": NOON + timedelta(days=15)}, "ends_at", "at most 14 days"),
    ({"now": NOON + timedelta(hours=3)}, "ends_at", "end in the future"),
    ({"event_window": (NOON + timedelta(minutes=5), NOON + timedelta(hours=5))}, "starts_at", "within its event"),
    ({"event_window": (NOON - timedelta(hours=5), NOON + timedelta(hours=1))}, "ends_at", "within its event"),
])
def test_bad_deals_are_refused_naming_the_field(changes, field, words):
    found = problems(**changes)
    assert found and found[0][0] == field and words in found[0][1]


def test_every_problem_is_reported():
    assert {field for field, _ in problems(deal_price_minor=2000, unit_cap=0, ends_at=NOON)} == {
        "deal_price_minor", "unit_cap", "ends_at"}


def test_windows_overlap_is_half_open():
    a = (NOON, NOON + timedelta(hours=1))
    assert deals.windows_overlap(a, (NOON + timedelta(minutes=59), NOON + timedelta(hours=2)))
    assert not deals.windows_overlap(a, (NOON + timedelta(hours=1), NOON + timedelta(hours=2)))
    assert deals.windows_overlap(a, (NOON - timedelta(hours=1), NOON + timedelta(hours=3)))


def test_event_state():
    end = NOON + timedelta(hours=24)
    assert [deals.event_state(NOON, end, NOON + timedelta(hours=h)) for h in (-1, 0, 23, 24)] == [
        deals.UPCOMING, deals.RUNNING, deals.RUNNING, deals.ENDED]


SHOPPERS = [deals.Shopper(member_deals=m, early_access_minutes=e) for m, e in product((False, True), (0, 15, 60))]


@given(minute=st.integers(-120, 240), claimed=st.integers(0, 10), price=st.integers(1, 999),
       member=st.one_of(st.none(), st.integers(1, 999)), shopper=st.sampled_from(SHOPPERS))
def test_an_applicable_price_is_always_a_saving_and_only_when_units_are_left(minute, claimed, price, member, shopper):
    if member is not None:
        member = min(member, price)
    terms = deal(claimed=claimed, price=price, member=member)
    now = NOON + timedelta(minutes=minute)
    paid = deals.price_now(terms, shopper, now)
    if paid is not None:
        assert 1 <= paid < terms.regular_price_minor
        assert terms.units_left > 0 and now < terms.ends_at
        assert now >= deals.opens_at(terms, shopper)
        assert paid <= deals.price_for(terms, deals.EVERYONE)
    else:
        assert deals.refusal(terms, shopper, now) is not None or deals.price_for(terms, shopper) >= 1000
