"""Customers who bought this also bought, and recommended for you, on data where the answer is known."""
import itertools
import math
import random

from mercato.recommendations.itemcf import fit_item_to_item
from mercato.recommendations.purchases import Purchase


def baskets(*customers_and_items):
    """One order per customer: ("c1", "AB") means customer c1 bought A and B."""
    return [Purchase(customer, item, f"order-{customer}") for customer, items in customers_and_items
            for item in items]


SHOP = baskets(("c1", "AB"), ("c2", "AB"), ("c3", "ABC"), ("c4", "ABD"), ("c5", "CD"), ("c6", "CDE"),
               ("c7", "CE"), ("c8", "E"))


def test_items_always_bought_together_are_each_others_top_neighbour():
    model = fit_item_to_item(SHOP)
    assert model.also_bought("A")[0][0] == "B"
    assert math.isclose(model.also_bought("A")[0][1], 1.0)
    assert model.also_bought("B")[0][0] == "A"


def test_similarity_is_the_cosine_over_customers():
    purchases = []
    rng = random.Random(3)
    for customer in range(40):
        for item in rng.sample(range(12), rng.randint(1, 6)):
            purchases.append(Purchase(customer, item, customer))
    model = fit_item_to_item(purchases, neighbours_per_item=20, min_common_customers=1)
    buyers = {item: {p.customer_id for p in purchases if p.item_id == item} for item in range(12)}
    for first, second in itertools.permutations(range(12), 2):
        expected = len(buyers[first] & buyers[second]) / math.sqrt(len(buyers[first]) * len(buyers[second]))
        assert math.isclose(model.similarity[first, second], expected, abs_tol=1e-12)


def test_pairs_with_a_single_shared_customer_are_dropped_by_default():
    model = fit_item_to_item(SHOP)  # B and D share only c4, C and B only c3
    assert "D" not in dict(model.also_bought("B"))
    assert "D" in dict(fit_item_to_item(SHOP, min_common_customers=1).also_bought("B"))


def test_only_the_requested_number_of_neighbours_is_kept():
    model = fit_item_to_item(SHOP, neighbours_per_item=1, min_common_customers=1)
    assert [item for item, _ in model.also_bought("C", k=10)] == ["D"]


def test_recommended_for_you_leaves_out_what_was_bought_and_ranks_by_summed_similarity():
    model = fit_item_to_item(SHOP, min_common_customers=1)
    recommended = model.recommended_for(["A", "C"], k=10)
    assert {"A", "C"}.isdisjoint(item for item, _ in recommended)
    summed = {item: sum(model.similarity[model.items.position[h], model.items.position[item]] for h in "AC")
              for item in "BDE"}
    assert recommended == sorted(((i, s) for i, s in summed.items() if s > 0), key=lambda p: (-p[1], p[0]))


def test_an_item_related_to_several_purchases_beats_one_related_to_a_single_purchase():
    shop = baskets(("c1", "XQ"), ("c2", "XQ"), ("c3", "YQ"), ("c4", "YQ"), ("c5", "XR"), ("c6", "XR"),
                   ("c7", "XR"))
    model = fit_item_to_item(shop)
    # R is closer to X than Q is, but Q also goes with Y.
    assert model.also_bought("X")[0][0] == "R"
    assert model.recommended_for(["X", "Y"], k=1)[0][0] == "Q"


def test_bought_items_can_be_kept_for_repeat_purchase_lists():
    model = fit_item_to_item(SHOP)
    assert "B" in dict(model.recommended_for(["A", "B"], exclude_bought=False))


def test_extra_exclusions_are_respected():
    model = fit_item_to_item(SHOP)
    assert "B" not in dict(model.recommended_for(["A"], exclude=["B"]))


def test_unknown_items_and_empty_histories_give_empty_lists_for_the_fallback():
    model = fit_item_to_item(SHOP)
    assert model.also_bought("no-such-item") == []
    assert model.recommended_for([]) == []
    assert model.recommended_for(["no-such-item"]) == []
    assert fit_item_to_item([]).also_bought("A") == []


def test_ties_go_to_the_lower_item_id_whatever_the_input_order():
    shop = baskets(("c1", "AZM"), ("c2", "AZM"))
    forward = fit_item_to_item(shop)
    backward = fit_item_to_item(list(reversed(shop)))
    assert forward.also_bought("A") == backward.also_bought("A")
    assert [item for item, _ in forward.also_bought("A")] == ["M", "Z"]


def test_log_order_weighting_lets_a_loyal_reorder_count_more():
    purchases = [Purchase("loyal", item, f"o{n}") for n in range(20) for item in "AB"]
    purchases += [Purchase("once", item, "x") for item in "AC"] + [Purchase("twice", item, "y") for item in "AC"]
    binary = fit_item_to_item(purchases, min_common_customers=1)
    weighted = fit_item_to_item(purchases, weighting="log_orders", min_common_customers=1)
    assert binary.also_bought("A", k=1)[0][0] == "C"  # two customers against one
    assert weighted.also_bought("A", k=1)[0][0] == "B"  # one customer, twenty orders


def test_chunked_computation_gives_the_same_table():
    rng = random.Random(5)
    purchases = [Purchase(c, rng.randrange(30), c) for c in range(80) for _ in range(4)]
    whole = fit_item_to_item(purchases)
    chunked = fit_item_to_item(purchases, chunk_items=7)
    assert (whole.similarity != chunked.similarity).nnz == 0
