"""Best-sellers overall and per category (the cold-start fallback), and buy it again."""
from mercato.recommendations.popularity import buy_it_again, fill_from, fit_popularity
from mercato.recommendations.purchases import Purchase

CATEGORY_OF = {"mug": "kitchen", "pan": "kitchen", "lamp": "lighting", "bulb": "lighting", "rug": "home"}
SALES = [Purchase(f"c{n}", "bulb", f"b{n}") for n in range(5)] + \
    [Purchase(f"c{n}", "mug", f"m{n}") for n in range(3)] + \
    [Purchase("c9", "pan", "p1"), Purchase("c9", "lamp", "l1"), Purchase("c8", "lamp", "l2")] + \
    [Purchase("wholesaler", "rug", f"r{n}", quantity=500) for n in range(40)]


def test_popularity_counts_distinct_customers_not_orders_or_units():
    model = fit_popularity(SALES, category_of=CATEGORY_OF)
    assert model.top(k=5) == [("bulb", 5.0), ("mug", 3.0), ("lamp", 2.0), ("pan", 1.0), ("rug", 1.0)]


def test_cold_start_falls_back_to_what_sells_in_the_category():
    model = fit_popularity(SALES, category_of=CATEGORY_OF)
    assert [item for item, _ in model.top_in_category("kitchen", k=2)] == ["mug", "pan"]


def test_a_thin_or_unknown_category_is_topped_up_with_overall_best_sellers():
    model = fit_popularity(SALES, category_of=CATEGORY_OF)
    assert [item for item, _ in model.top_in_category("home", k=3)] == ["rug", "bulb", "mug"]
    assert [item for item, _ in model.top_in_category("garden", k=2)] == ["bulb", "mug"]
    assert model.top_in_category("garden", k=2, fill_from_overall=False) == []


def test_excluded_items_are_skipped():
    model = fit_popularity(SALES, category_of=CATEGORY_OF)
    assert [item for item, _ in model.top(k=2, exclude=["bulb"])] == ["mug", "lamp"]
    assert [item for item, _ in model.top_in_category("lighting", k=2, exclude=["bulb"])] == ["lamp", "mug"]


def test_since_counts_only_recent_purchases():
    purchases = [Purchase("a", "old", 1, timestamp=1), Purchase("b", "old", 2, timestamp=2),
                 Purchase("c", "new", 3, timestamp=10)]
    assert fit_popularity(purchases).top(k=1)[0][0] == "old"
    assert fit_popularity(purchases, since=5).top(k=5) == [("new", 1.0)]


def test_ties_go_to_the_lower_item_id():
    purchases = [("a", "zebra", 1), ("b", "apple", 2)]
    assert [item for item, _ in fit_popularity(purchases).top(k=2)] == ["apple", "zebra"]


def test_buy_it_again_lists_repeat_purchases_most_ordered_then_most_recent():
    history = [Purchase("me", "coffee", n, timestamp=n) for n in range(1, 5)] + \
        [Purchase("me", "filter", 1, timestamp=1), Purchase("me", "filter", 3, timestamp=3),
         Purchase("me", "milk", 2, timestamp=2), Purchase("me", "milk", 4, timestamp=4),
         Purchase("me", "kettle", 4, timestamp=4)]
    assert buy_it_again(history) == [("coffee", 4.0), ("milk", 2.0), ("filter", 2.0)]
    assert [item for item, _ in buy_it_again(history, min_orders=1)][-1] == "kettle"
    assert buy_it_again(history, exclude=["coffee"], k=1) == [("milk", 2.0)]
    assert buy_it_again([]) == []


def test_two_lines_of_one_order_are_not_a_repeat_purchase():
    assert buy_it_again([("me", "tea", 1), ("me", "tea", 1)]) == []


def test_fill_from_tops_up_without_repeats_or_excluded_items():
    personal = [("a", 0.9), ("b", 0.5)]
    fallback = [("b", 10.0), ("c", 8.0), ("d", 6.0), ("e", 4.0)]
    assert fill_from(personal, fallback, k=4, exclude=["c"]) == [("a", 0.9), ("b", 0.5), ("d", 6.0), ("e", 4.0)]
    assert fill_from([], fallback, k=2) == [("b", 10.0), ("c", 8.0)]
