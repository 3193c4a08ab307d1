import math

import pytest

from mercato.search.ranking import (
    FEATURES,
    Candidate,
    RankingWeights,
    affinity_shares,
    features,
    personal_affinity,
    rank,
    ranked_ids,
    validate_weights,
)


def order(candidates, weights=RankingWeights()):
    return [ranked.product_id for ranked in rank(candidates, weights)]


def test_without_any_signal_the_text_order_stands():
    candidates = [Candidate(1, 9.0), Candidate(2, 12.0), Candidate(3, 3.0)]
    assert order(candidates) == [2, 1, 3]


def test_ties_keep_the_engines_order():
    assert order([Candidate(5, 4.0), Candidate(3, 4.0), Candidate(9, 4.0)]) == [5, 3, 9]


def test_a_product_shoppers_buy_for_this_query_overtakes_a_slightly_better_text_match():
    ignored = Candidate(1, 10.0, impressions=500, clicks=2)
    chosen = Candidate(2, 9.0, impressions=500, clicks=90, purchases=30)
    assert order([ignored, chosen]) == [2, 1]


def test_a_best_seller_that_barely_matches_stays_below_a_strong_match():
    strong = Candidate(1, 10.0)
    best_seller_weak_match = Candidate(2, 3.0, units_per_day=500.0)
    assert order([strong, best_seller_weak_match]) == [1, 2]


def test_out_of_stock_falls_below_an_equal_match_in_stock():
    assert order([Candidate(1, 5.0, in_stock=False), Candidate(2, 5.0, in_stock=True)]) == [2, 1]


def test_faster_delivery_cheaper_price_and_better_rating_each_break_a_tie():
    base = dict(text_score=5.0)
    assert order([Candidate(1, delivery_days=5, **base), Candidate(2, delivery_days=0, **base)]) == [2, 1]
    assert order([Candidate(1, price_ratio=1.4, **base), Candidate(2, price_ratio=0.7, **base)]) == [2, 1]
    assert order([Candidate(1, rating_mean=2.5, rating_count=300, **base),
                  Candidate(2, rating_mean=4.8, rating_count=300, **base)]) == [2, 1]


def test_two_lucky_clicks_count_for_less_than_a_long_record():
    lucky = features(Candidate(1, 1.0, impressions=2, clicks=2), best_text_score=1.0)["search_conversion"]
    proven = features(Candidate(2, 1.0, impressions=2000, clicks=400), best_text_score=1.0)["search_conversion"]
    assert proven > lucky > 0.5


def test_conversion_is_neutral_without_data_and_low_when_always_passed_over():
    unknown = features(Candidate(1, 1.0), best_text_score=1.0)["search_conversion"]
    passed_over = features(Candidate(1, 1.0, impressions=5000), best_text_score=1.0)["search_conversion"]
    assert unknown == pytest.approx(0.5)
    assert passed_over < 0.05


def test_a_few_ratings_are_pulled_towards_four_stars():
    one_rave = features(Candidate(1, 1.0, rating_mean=5.0, rating_count=1), best_text_score=1.0)["rating"]
    many_raves = features(Candidate(1, 1.0, rating_mean=5.0, rating_count=500), best_text_score=1.0)["rating"]
    unrated = features(Candidate(1, 1.0), best_text_score=1.0)["rating"]
    assert unrated == pytest.approx(0.75)  # 4 stars
    assert unrated < one_rave < many_raves <= 1.0


def test_every_feature_lies_between_zero_and_one_even_for_odd_signals():
    odd = Candidate(1, 3.0, units_per_day=-4, impressions=-1, clicks=10, purchases=10, delivery_days=-3,
                    price_ratio=-2.0, rating_mean=9.0, rating_count=-5, personal_affinity=7.0)
    values = features(odd, best_text_score=1.0)
    assert set(values) == set(FEATURES)
    assert all(0.0 <= value <= 1.0 for value in values.values())


def test_contributions_explain_the_score():
    ranked = rank([Candidate(1, 2.0, units_per_day=3.0, impressions=50, clicks=10, personal_affinity=0.5)],
                  RankingWeights())[0]
    assert math.isclose(sum(ranked.contributions.values()), ranked.score)
    assert ranked.contributions["text_relevance"] == pytest.approx(1.0)
    assert ranked.contributions["sales_velocity"] == pytest.approx(0.15 * 0.75)


def test_a_zero_weight_switches_a_signal_off():
    best_seller = Candidate(1, 9.0, units_per_day=50.0)
    better_match = Candidate(2, 10.0)
    assert order([best_seller, better_match]) == [1, 2]
    assert order([best_seller, better_match], RankingWeights(sales_velocity=0.0)) == [2, 1]


def test_personal_affinity_lifts_the_shoppers_kind_of_product_and_only_theirs():
    others = Candidate(1, 10.0)
    theirs = Candidate(2, 9.5, personal_affinity=personal_affinity(category_share=1.0, brand_share=1.0))
    assert order([others, theirs]) == [2, 1]
    anonymous = [Candidate(1, 10.0), Candidate(2, 9.5)]
    assert order(anonymous) == [1, 2]


def test_affinity_shares_are_relative_to_the_favourite():
    shares = affinity_shares(["mugs", "mugs", "mugs", "candles", None, "mugs"])
    assert shares == {"mugs": 1.0, "candles": 0.25}
    assert affinity_shares([]) == {}


@pytest.mark.parametrize("changes, field", [
    ({"sales_velocity": -0.1}, "sales_velocity"),
    ({"rating": float("nan")}, "rating"),
    ({"personal": 11.0}, "personal"),
    ({"text_relevance": 0.0}, "text_relevance"),
])
def test_unusable_weights_are_named(changes, field):
    assert field in validate_weights(RankingWeights(**changes))


def test_the_default_weights_are_usable():
    assert validate_weights(RankingWeights()) == {}


def test_the_fast_order_is_the_explained_order():
    candidates = [Candidate(number, text_score=float(number % 5), units_per_day=number / 3, impressions=number * 7,
                            clicks=number % 4, in_stock=number % 3 != 0, delivery_days=number % 6,
                            price_ratio=0.5 + number / 40, rating_mean=1 + number % 5, rating_count=number,
                            personal_affinity=(number % 7) / 7) for number in range(40)]
    for weights in (RankingWeights(), RankingWeights(sales_velocity=3.0, personal=0.0), RankingWeights(rating=9.0)):
        assert ranked_ids(candidates, weights) == [ranked.product_id for ranked in rank(candidates, weights)]
