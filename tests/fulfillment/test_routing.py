"""The order-routing optimiser and its greedy baseline: feasibility, optimality against brute force, reasons."""
import math
import time
from collections import Counter
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercato.core.errors import Invalid
from mercato.fulfillment import transit
from mercato.fulfillment.routing import (
    Center, CostModel, Line, OrderToRoute, centers_after, evaluate, lp_lower_bound, parcel_cost_minor,
    route_greedy, route_optimal)

LONDON = (51.5, -0.1)
KM_PER_DEGREE_LATITUDE = transit.EARTH_RADIUS_KM * math.pi / 180


def north_of(point, km):
    return point[0] + km / KM_PER_DEGREE_LATITUDE, point[1]


def center(center_id, point, stock, orders_left=100, ships_today=True):
    return Center(center_id=center_id, latitude=point[0], longitude=point[1], stock=stock,
                  orders_left=orders_left, ships_today=ships_today)


def order(order_id, point, lines, speed=transit.STANDARD, promised_days=None):
    return OrderToRoute(order_id=order_id, latitude=point[0], longitude=point[1],
                        lines=tuple(Line(line_id=f"{order_id}-{i}", offer_id=offer_id, quantity=quantity,
                                         weight_grams=weight_grams)
                                    for i, (offer_id, quantity, weight_grams) in enumerate(lines)),
                        speed=speed, promised_days=promised_days)


def total(plan, cost=CostModel()):
    return plan.objective_minor + cost.unrouted_penalty_minor * len(plan.unrouted)


def assert_feasible(orders, centers, plan):
    by_id = {c.center_id: c for c in centers}
    units, parcels = Counter(), Counter()
    for o in orders:
        served = [line.line_id in plan.assignments for line in o.lines]
        assert all(served) != (o.order_id in plan.unrouted), "an order is either served whole or reported"
        assert all(served) or not any(served), "no order is served in part"
        for line in o.lines:
            if line.line_id in plan.assignments:
                units[plan.assignments[line.line_id], line.offer_id] += line.quantity
        parcels.update({plan.assignments[line.line_id] for line in o.lines if line.line_id in plan.assignments})
    for (center_id, offer_id), used in units.items():
        assert used <= by_id[center_id].stock.get(offer_id, 0)
    for center_id, used in parcels.items():
        assert used <= by_id[center_id].orders_left


def brute_force_total(orders, centers, cost=CostModel()):
    """The least objective + unrouted penalty over every feasible routing, served or not, line by line."""
    per_order = [[None, *product([c.center_id for c in centers], repeat=len(o.lines))] for o in orders]
    best = math.inf
    for choice in product(*per_order):
        assignments = {line.line_id: centers_of[i]
                       for o, centers_of in zip(orders, choice) if centers_of
                       for i, line in enumerate(o.lines)}
        plan = evaluate(orders, centers, assignments, cost=cost)
        try:
            assert_feasible(orders, centers, plan)
        except AssertionError:
            continue
        best = min(best, total(plan, cost))
    return best


UK_POINTS = st.tuples(st.floats(50.3, 57.5), st.floats(-4.5, 1.5))


@st.composite
def small_networks(draw, max_lines=5):
    centers = [center(center_id, draw(UK_POINTS),
                      {offer_id: draw(st.integers(0, 3)) for offer_id in (1, 2, 3)},
                      orders_left=draw(st.integers(0, 2)), ships_today=draw(st.booleans()))
               for center_id in range(1, draw(st.integers(2, 3)) + 1)]
    orders, lines_left = [], max_lines
    for order_id in range(draw(st.integers(1, 3))):
        if lines_left == 0:
            break
        width = draw(st.integers(1, min(2, lines_left)))
        lines_left -= width
        lines = [(draw(st.integers(1, 3)), draw(st.integers(1, 2)), draw(st.integers(0, 8000)))
                 for _ in range(width)]
        orders.append(order(order_id, draw(UK_POINTS), lines, speed=draw(st.sampled_from(transit.SPEEDS)),
                            promised_days=draw(st.sampled_from([None, 1, 2, 3]))))
    return orders, centers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_networks())
def test_optimiser_matches_brute_force_and_never_loses_to_greedy(network):
    orders, centers = network
    optimal = route_optimal(orders, centers)
    greedy = route_greedy(orders, centers)
    assert_feasible(orders, centers, optimal)
    assert total(optimal) == brute_force_total(orders, centers)
    assert total(optimal) <= total(greedy)
    assert lp_lower_bound(orders, centers) <= total(optimal)


@st.composite
def larger_networks(draw):
    offers = range(1, 9)
    centers = [center(center_id, draw(UK_POINTS), {o: draw(st.integers(0, 6)) for o in offers},
                      orders_left=draw(st.integers(0, 12)), ships_today=draw(st.booleans()))
               for center_id in range(1, draw(st.integers(1, 6)) + 1)]
    orders = [order(order_id, draw(UK_POINTS),
                    [(draw(st.sampled_from(offers)), draw(st.integers(1, 3)), 500)
                     for _ in range(draw(st.integers(1, 4)))],
                    speed=draw(st.sampled_from(transit.SPEEDS)), promised_days=draw(st.sampled_from([None, 1, 2])))
              for order_id in range(draw(st.integers(1, 30)))]
    return orders, centers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(larger_networks(), st.integers(1, 30), st.sampled_from([None, 1, 2]))
def test_no_router_exceeds_stock_or_capacity_or_splits_an_order(network, batch_size, candidates_per_line):
    orders, centers = network
    for plan in (route_greedy(orders, centers),
                 route_optimal(orders, centers, batch_size=batch_size, candidates_per_line=candidates_per_line)):
        assert_feasible(orders, centers, plan)
        for line_id, center_id in plan.assignments.items():
            line = next(line for o in orders for line in o.lines if line.line_id == line_id)
            assert next(c for c in centers if c.center_id == center_id).stock.get(line.offer_id, 0) >= line.quantity


def test_parcel_cost_is_base_plus_weight_plus_distance_and_express_costs_more():
    shopper = north_of(LONDON, 200)  # 200 km: per kg 40 + 5 * 2 = 50 pence
    london = center(1, LONDON, {})
    assert parcel_cost_minor(london, order(1, shopper, [(1, 1, 2000)]), 2000) == 250 + 2 * 50 + 30 * 2
    express = order(1, shopper, [(1, 1, 2000)], speed=transit.EXPRESS)
    assert parcel_cost_minor(london, express, 2000) == round(1.6 * 250 + 1.6 * 60) + 2 * round(1.6 * 50)


def test_plan_totals_count_parcels_late_lines_and_split_penalty():
    shopper = LONDON
    near, far = center(1, north_of(LONDON, 10), {1: 1}), center(2, north_of(LONDON, 400), {2: 1})
    two_lines = order(1, shopper, [(1, 1, 1000), (2, 1, 1000)], promised_days=1)
    plan = route_optimal([two_lines], [near, far])
    assert plan.assignments == {"1-0": 1, "1-1": 2}
    shipping = parcel_cost_minor(near, two_lines, 1000) + parcel_cost_minor(far, two_lines, 1000)
    assert (plan.parcels, plan.late_lines, plan.on_time_share) == (2, 1, 0.5)
    assert abs(plan.shipping_cost_minor - shipping) <= 1
    assert plan.objective_minor == plan.shipping_cost_minor + 500 + 150


def test_one_center_holding_everything_beats_two_nearer_ones_when_the_split_penalty_pays():
    shopper = LONDON
    near_a, near_b = center(1, north_of(LONDON, 20), {1: 5}), center(2, north_of(LONDON, 25), {2: 5})
    far_with_both = center(3, north_of(LONDON, 900), {1: 5, 2: 5})
    two_lines = order(1, shopper, [(1, 1, 100), (2, 1, 100)])
    network = [near_a, near_b, far_with_both]
    assert set(route_optimal([two_lines], network).assignments.values()) == {3}
    assert set(route_greedy([two_lines], network).assignments.values()) == {1, 2}
    # Without the split penalty the two near parcels are cheaper than the single far one.
    assert set(route_optimal([two_lines], network, CostModel(split_penalty_minor=0)).assignments.values()) == {1, 2}


def test_express_order_far_from_every_center_is_late():
    london = center(1, LONDON, {1: 5})
    inverness = order(1, (57.48, -4.22), [(1, 1, 500)], speed=transit.EXPRESS, promised_days=1)
    plan = route_optimal([inverness], [london])
    assert plan.assignments == {"1-0": 1}
    assert plan.late_lines == 1 and plan.on_time_share == 0.0


def test_center_past_its_cutoff_is_late_for_a_next_day_promise_and_loses_to_one_in_time():
    shopper = LONDON
    past_cutoff = center(1, north_of(LONDON, 5), {1: 5}, ships_today=False)
    in_time = center(2, north_of(LONDON, 120), {1: 5})
    next_day = order(1, shopper, [(1, 1, 500)], promised_days=1)
    assert route_greedy([next_day], [past_cutoff, in_time]).late_lines == 1
    plan = route_optimal([next_day], [past_cutoff, in_time])
    assert plan.assignments == {"1-0": 2} and plan.late_lines == 0


def test_capacity_goes_to_the_order_it_saves_most_for():
    # One parcel of capacity left at the near center: the far-away express order gains more from it.
    near = center(1, LONDON, {1: 5}, orders_left=1)
    far = center(2, north_of(LONDON, 600), {1: 5})
    standard = order(1, north_of(LONDON, 250), [(1, 1, 500)])
    express = order(2, LONDON, [(1, 1, 500)], speed=transit.EXPRESS, promised_days=1)
    plan = route_optimal([standard, express], [near, far])
    assert plan.assignments == {"1-0": 2, "2-0": 1}
    assert total(plan) == brute_force_total([standard, express], [near, far])
    assert route_greedy([standard, express], [near, far]).assignments == {"1-0": 1, "2-0": 2}


def test_unrouted_orders_say_why_and_take_nothing():
    near = center(1, LONDON, {1: 2, 2: 5}, orders_left=5)
    full = center(2, north_of(LONDON, 50), {3: 5}, orders_left=0)
    other = center(3, north_of(LONDON, 80), {1: 2})
    no_stock = order(1, LONDON, [(2, 1, 500), (9, 1, 500)])
    no_capacity = order(2, LONDON, [(3, 1, 500)])
    too_many_for_one_center = order(3, LONDON, [(1, 3, 500)])
    for router in (route_greedy, route_optimal):
        plan = router([no_stock, no_capacity, too_many_for_one_center], [near, full, other])
        assert plan.assignments == {}
        assert plan.unrouted == {
            1: "no center has 1 unit(s) of offer 9 in stock",
            2: "every center holding offer 3 has used its order capacity for today",
            3: "no center has 3 unit(s) of offer 1 in stock",
        }


def test_order_whose_lines_need_the_same_last_unit_is_refused_whole():
    only = center(1, LONDON, {1: 1, 2: 5})
    same_offer_twice = order(1, LONDON, [(2, 1, 500), (1, 1, 500), (1, 1, 500)])
    for router in (route_greedy, route_optimal):
        plan = router([same_offer_twice], [only])
        assert plan.assignments == {}
        assert plan.unrouted == {1: "not enough stock left to ship all its lines together"}


def test_last_unit_goes_to_one_order_and_the_other_is_told_why():
    only = center(1, LONDON, {1: 1})
    first, second = order(1, LONDON, [(1, 1, 500)]), order(2, north_of(LONDON, 30), [(1, 1, 500)])
    plan = route_optimal([first, second], [only])
    assert len(plan.assignments) == 1 and len(plan.unrouted) == 1
    assert "went to other orders" in next(iter(plan.unrouted.values()))
    one_by_one = route_optimal([first, second], [only], batch_size=1)
    assert one_by_one.assignments == {"1-0": 1}
    assert one_by_one.unrouted == {2: "no center has 1 unit(s) of offer 1 in stock"}


def test_centers_after_takes_the_plans_stock_and_one_order_per_center_shipped_from():
    a, b = center(1, LONDON, {1: 3, 2: 1}, orders_left=2), center(2, north_of(LONDON, 300), {3: 1}, orders_left=2)
    mixed = order(1, LONDON, [(1, 2, 500), (2, 1, 500), (3, 1, 500)])
    after = centers_after([a, b], [mixed], route_optimal([mixed], [a, b]))
    assert [(c.stock, c.orders_left) for c in after] == [({1: 1, 2: 0}, 1), ({3: 0}, 1)]


def test_ties_go_to_the_lower_center_id_whatever_the_input_order():
    twins = [center(7, north_of(LONDON, 40), {1: 5}), center(3, north_of(LONDON, 40), {1: 5})]
    single = order(1, LONDON, [(1, 1, 500)])
    for router in (route_greedy, route_optimal):
        assert router([single], twins).assignments == {"1-0": 3}
        assert router([single], twins[::-1]).assignments == {"1-0": 3}


def test_same_batch_routes_the_same_every_time():
    orders = [order(i, north_of(LONDON, 37 * i), [(1 + i % 3, 1, 400), (2, 1, 900)]) for i in range(12)]
    centers = [center(1, LONDON, {1: 4, 2: 6, 3: 2}, orders_left=5),
               center(2, north_of(LONDON, 200), {1: 3, 2: 3, 3: 3}, orders_left=4),
               center(3, north_of(LONDON, 400), {1: 9, 2: 9, 3: 9}, orders_left=9)]
    first = route_optimal(orders, centers)
    assert all(route_optimal(orders, centers) == first for _ in range(3))


def test_a_single_order_routes_in_well_under_ten_milliseconds():
    centers = [center(i, north_of(LONDON, 60 * i), {o: 5 for o in range(i, i + 4)}) for i in range(1, 9)]
    checkout = order(1, north_of(LONDON, 100), [(2, 1, 500), (5, 1, 300), (7, 2, 800), (9, 1, 100)])
    route_optimal([checkout], centers)
    fastest = min(_timed(lambda: route_optimal([checkout], centers)) for _ in range(20))
    assert fastest < 0.010


def _timed(call):
    began = time.perf_counter()
    call()
    return time.perf_counter() - began


@pytest.mark.parametrize("orders, field", [
    ([order(1, LONDON, [(1, 1, 500)]), order(1, LONDON, [(1, 1, 500)])], "orders"),
    ([order(1, LONDON, [(1, 0, 500)])], "lines"),
    ([order(1, LONDON, [(1, 1, 500)], speed="teleport")], "speed"),
    ([order(1, LONDON, [])], "lines"),
])
def test_malformed_batches_are_refused(orders, field):
    with pytest.raises(Invalid) as refused:
        route_optimal(orders, [center(1, LONDON, {1: 5})])
    assert refused.value.field == field
