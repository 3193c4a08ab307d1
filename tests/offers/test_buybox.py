"""The Buy Box rule on its own: plain data, no database."""
from hypothesis import given
from hypothesis import strategies as st

from mercato.offers.buybox import MIN_SELLER_SCORE, Candidate, choose_featured_offer, offers_by_landed_price


def offer(offer_id, price, *, days=2, score=0.9, in_stock=True, active=True, new=True):
    return Candidate(offer_id=offer_id, landed_price_minor=price, delivery_days=days, seller_score=score,
                     in_stock=in_stock, seller_active=active, is_new=new)


def test_single_offer_in_stock_wins():
    decision = choose_featured_offer([offer(1, 1000)])
    assert decision.winner.offer_id == 1
    assert decision.reason == "only eligible offer"


def test_no_offers_means_no_buy_box():
    assert choose_featured_offer([]).winner is None


def test_cheaper_landed_price_wins_between_equal_sellers():
    assert choose_featured_offer([offer(1, 1200), offer(2, 1100)]).winner.offer_id == 2


def test_shipping_counts_in_the_landed_price():
    # Offer 1 is 9.00 + 3.00 shipping, offer 2 is 10.50 with free shipping.
    decision = choose_featured_offer([offer(1, 900 + 300), offer(2, 1050)])
    assert decision.winner.offer_id == 2


def test_equal_offers_break_ties_by_age_deterministically():
    candidates = [offer(7, 1000), offer(3, 1000), offer(5, 1000)]
    assert choose_featured_offer(candidates).winner.offer_id == 3
    assert choose_featured_offer(list(reversed(candidates))).winner.offer_id == 3


def test_equal_prices_go_to_the_faster_delivery():
    assert choose_featured_offer([offer(1, 1000, days=5), offer(2, 1000, days=1)]).winner.offer_id == 2


def test_cheaper_offer_from_poor_seller_loses_buy_box():
    poor = offer(1, 900, score=MIN_SELLER_SCORE - 0.1)
    good = offer(2, 1000, score=0.95)
    assert choose_featured_offer([poor, good]).winner.offer_id == 2


def test_marginally_cheaper_slow_mediocre_seller_loses_to_fast_excellent_one():
    mediocre = offer(1, 990, days=6, score=0.65)
    excellent = offer(2, 1000, days=1, score=0.99)
    decision = choose_featured_offer([mediocre, excellent])
    assert decision.winner.offer_id == 2
    assert "seller performance" in decision.reason


def test_clearly_cheaper_offer_still_wins_against_a_better_seller():
    assert choose_featured_offer([offer(1, 700, score=0.8), offer(2, 1000, score=1.0)]).winner.offer_id == 1


def test_out_of_stock_offer_never_wins_however_cheap():
    decision = choose_featured_offer([offer(1, 100, in_stock=False), offer(2, 5000)])
    assert decision.winner.offer_id == 2


def test_suspended_seller_never_wins():
    decision = choose_featured_offer([offer(1, 100, active=False)])
    assert decision.winner is None
    assert "seller is not active" in decision.reason


def test_only_out_of_stock_offers_mean_no_buy_box_and_say_why():
    decision = choose_featured_offer([offer(1, 100, in_stock=False), offer(2, 200, in_stock=False)])
    assert decision.winner is None
    assert decision.reason == "no eligible offer: out of stock"


def test_a_new_item_is_featured_before_a_cheaper_used_one():
    assert choose_featured_offer([offer(1, 500, new=False), offer(2, 1000)]).winner.offer_id == 2


def test_used_offer_wins_when_no_new_one_is_buyable():
    decision = choose_featured_offer([offer(1, 500, new=False), offer(2, 1000, in_stock=False)])
    assert decision.winner.offer_id == 1


def test_other_sellers_are_sorted_by_landed_price_then_speed():
    ordered = offers_by_landed_price([offer(1, 1200), offer(2, 900, days=4), offer(3, 900, days=1)])
    assert [c.offer_id for c in ordered] == [3, 2, 1]


candidates = st.lists(
    st.builds(offer, st.integers(1, 10_000), st.integers(1, 100_000), days=st.integers(0, 30),
              score=st.floats(0, 1), in_stock=st.booleans(), active=st.booleans(), new=st.booleans()),
    max_size=8, unique_by=lambda c: c.offer_id)


@given(candidates)
def test_winner_is_always_eligible_and_independent_of_input_order(offers):
    first = choose_featured_offer(offers).winner
    again = choose_featured_offer(list(reversed(offers))).winner
    assert first == again
    if first is not None:
        assert first.in_stock and first.seller_active and first.seller_score >= MIN_SELLER_SCORE
    else:
        assert not any(c.in_stock and c.seller_active and c.seller_score >= MIN_SELLER_SCORE for c in offers)
