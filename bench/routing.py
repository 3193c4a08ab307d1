"""Route a day of orders over a UK fulfillment network with the optimiser and the greedy baseline; prints JSON.

    .venv/bin/python bench/routing.py                       # 20,000 orders, seed 7
    .venv/bin/python bench/routing.py --orders 5000 --seed 3 --candidates-per-line 3

The day is generated from a fixed seed: 8 centers at real sites, shoppers around British urban areas weighted
by population (Northern Ireland is left out: the transit table has no ferry leg), a catalogue with Zipf-like
demand, stock spread unevenly (popular offers at most centers, the long tail at one or two), daily order
capacities that run short near London, cut-offs at 14:00 or 18:00, 20% express. An order's promise is the
fastest delivery the network could give each of its lines when it was placed (what the product page showed).

Orders are routed in arrival batches of --batch-size; both routers carry stock and capacity from batch to batch
and see each center's cut-off as of the batch's time. The LP bound is the LP relaxation of each batch given the
optimiser's state before it, summed over the day; `gap_to_lp_percent` compares the optimiser's objective (plus
the unrouted penalty, if any order was left out) with it. Timings count only the routing calls.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mercato.fulfillment import transit  # noqa: E402
from mercato.fulfillment.routing import (  # noqa: E402
    Center, CostModel, Line, OrderToRoute, centers_after, delivery_days, lp_lower_bound, route_greedy,
    route_optimal)

# (name, latitude, longitude, daily order capacity for 20,000 orders (scaled with --orders), cut-off hour)
CENTERS = [
    ("Dunstable", 51.886, -0.521, 5000, 18), ("Coventry", 52.408, -1.510, 4600, 18),
    ("Doncaster", 53.523, -1.133, 3800, 14), ("Warrington", 53.390, -2.597, 4200, 18),
    ("Bristol (Avonmouth)", 51.503, -2.699, 2600, 14), ("Bellshill", 55.816, -4.026, 2600, 14),
    ("Peterborough", 52.573, -0.241, 3400, 18), ("Dartford", 51.446, 0.219, 5000, 18),
]
# (urban area, latitude, longitude, population in thousands)
URBAN_AREAS = [
    ("London", 51.507, -0.128, 9500), ("Birmingham", 52.486, -1.890, 2600), ("Manchester", 53.481, -2.243, 2800),
    ("Leeds-Bradford", 53.800, -1.549, 1900), ("Glasgow", 55.864, -4.252, 1000), ("Liverpool", 53.408, -2.991, 900),
    ("Newcastle", 54.978, -1.618, 800), ("Sheffield", 53.381, -1.470, 730), ("Nottingham", 52.954, -1.158, 770),
    ("Southampton-Portsmouth", 50.880, -1.250, 860), ("Bristol", 51.455, -2.588, 670),
    ("Leicester", 52.637, -1.135, 510),
    ("Edinburgh", 55.953, -3.188, 520), ("Brighton", 50.823, -0.137, 480), ("Cardiff", 51.481, -3.179, 450),
    ("Coventry", 52.407, -1.510, 360), ("Stoke", 53.003, -2.180, 370), ("Reading", 51.455, -0.978, 320),
    ("Hull", 53.745, -0.336, 310), ("Swansea", 51.621, -3.944, 300), ("Milton Keynes", 52.041, -0.759, 270),
    ("Plymouth", 50.375, -4.143, 260), ("Aberdeen", 57.150, -2.094, 220), ("Norwich", 52.630, 1.297, 210),
    ("Oxford", 51.752, -1.258, 170), ("Cambridge", 52.205, 0.122, 160), ("Exeter", 50.718, -3.534, 130),
    ("Dundee", 56.462, -2.971, 150), ("Inverness", 57.478, -4.224, 65), ("Carlisle", 54.892, -2.932, 75),
]
LINES_PER_ORDER = ([1, 2, 3, 4], [55, 25, 12, 8])
EXPRESS_SHARE = 0.2


def make_day(order_count: int, offer_count: int, seed: int):
    rng = random.Random(seed)
    demand_weight = [1 / (rank + 1) ** 1.05 for rank in range(offer_count)]
    cumulative_weight = list(itertools.accumulate(demand_weight))
    total_weight = cumulative_weight[-1]
    unit_grams = [int(min(25_000, max(50, rng.lognormvariate(math.log(450), 1.0)))) for _ in range(offer_count)]
    mean_lines = sum(n * w for n, w in zip(*LINES_PER_ORDER)) / sum(LINES_PER_ORDER[1])
    expected_units = [order_count * mean_lines * 1.2 * w / total_weight for w in demand_weight]
    size = [capacity for _, _, _, capacity, _ in CENTERS]
    stock = [dict() for _ in CENTERS]
    for offer_id, expected in enumerate(expected_units):
        units = math.ceil(expected * rng.uniform(1.6, 3.0)) + 24
        rank_share = offer_id / offer_count
        held_at = 8 if rank_share < 0.01 else rng.randint(4, 7) if rank_share < 0.1 else rng.choice([1, 1, 2, 2, 3])
        chosen = set()
        while len(chosen) < held_at:
            chosen.add(rng.choices(range(len(CENTERS)), weights=size)[0])
        shares = {c: rng.expovariate(1.0) + 0.05 for c in sorted(chosen)}
        spread = units - 3 * len(shares)  # every holding center keeps at least 3 units
        given = 0
        for i, (c, share) in enumerate(shares.items()):
            part = spread - given if i == len(shares) - 1 else int(spread * share / sum(shares.values()))
            stock[c][offer_id] = 3 + part
            given += part
    centers = tuple(Center(center_id=i + 1, latitude=lat, longitude=lon, stock=stock[i],
                           orders_left=math.ceil(capacity * order_count / 20_000))
                    for i, (_, lat, lon, capacity, _) in enumerate(CENTERS))

    arrival_hours = sorted(min(23.99, max(0.0, rng.gauss(14, 5))) for _ in range(order_count))
    line_id = 0
    orders = []
    for order_id, hour in enumerate(arrival_hours):
        _, lat, lon, population = rng.choices(URBAN_AREAS, weights=[a[3] for a in URBAN_AREAS])[0]
        spread_km = 40.0 if rng.random() < 0.15 else 0.25 * math.sqrt(population)
        lat += rng.gauss(0, spread_km) / 111.0
        lon += rng.gauss(0, spread_km) / (111.0 * math.cos(math.radians(lat)))
        offers = set()
        for _ in range(rng.choices(*LINES_PER_ORDER)[0]):
            offers.add(rng.choices(range(offer_count), cum_weights=cumulative_weight)[0])
        lines = []
        for offer_id in sorted(offers):
            line_id += 1
            lines.append(Line(line_id=line_id, offer_id=offer_id, quantity=rng.choices([1, 2, 3], [85, 10, 5])[0],
                              weight_grams=unit_grams[offer_id]))
        speed = transit.EXPRESS if rng.random() < EXPRESS_SHARE else transit.STANDARD
        orders.append((hour, OrderToRoute(order_id=order_id, latitude=lat, longitude=lon, lines=tuple(lines),
                                          speed=speed)))
    return centers, [promised(order, at_hour(centers, hour)) for hour, order in orders], arrival_hours


def at_hour(centers, hour: float):
    return tuple(replace(c, ships_today=hour < CENTERS[i][4]) for i, c in enumerate(centers))


def promised(order: OrderToRoute, centers) -> OrderToRoute:
    """The fastest delivery each line could get from a center holding it, as the product page showed."""
    days = max(min(delivery_days(c, order) for c in centers if c.stock.get(line.offer_id, 0) >= line.quantity)
               for line in order.lines)
    return replace(order, promised_days=days)


def run_router(router, orders, hours, centers, batch_size, cost, with_bound=False):
    state, plans, seconds, bound = centers, [], 0.0, 0
    for start in range(0, len(orders), batch_size):
        batch = orders[start:start + batch_size]
        state = at_hour(state, hours[start])
        if with_bound:
            bound += lp_lower_bound(batch, state, cost)
        began = time.perf_counter()
        plan = router(batch, state, cost)
        seconds += time.perf_counter() - began
        plans.append(plan)
        state = centers_after(state, batch, plan)
    orders_routed = sum(p.orders_routed for p in plans)
    lines_routed = sum(p.lines_routed for p in plans)
    figures = {
        "shipping_cost_minor": sum(p.shipping_cost_minor for p in plans),
        "objective_minor": sum(p.objective_minor for p in plans),
        "parcels_per_order": round(sum(p.parcels for p in plans) / max(1, orders_routed), 4),
        "on_time_share": round(1 - sum(p.late_lines for p in plans) / max(1, lines_routed), 4),
        "orders_per_second": round(len(orders) / seconds, 1),
        "unrouted": sum(len(p.unrouted) for p in plans),
    }
    return figures, bound


def single_order_latency_ms(orders, centers, cost, samples=300):
    """One order at a time, as at checkout: wall-clock and CPU time (the CPU figure ignores other processes)."""
    wall, cpu = [], []
    for order in orders[:samples]:
        began, began_cpu = time.perf_counter(), time.process_time()
        route_optimal([order], centers, cost)
        wall.append(1000 * (time.perf_counter() - began))
        cpu.append(1000 * (time.process_time() - began_cpu))
    wall.sort()
    cpu.sort()
    p99 = int(0.99 * (samples - 1))
    return {"p50_ms": round(statistics.median(wall), 3), "p99_ms": round(wall[p99], 3),
            "cpu_p50_ms": round(statistics.median(cpu), 3), "cpu_p99_ms": round(cpu[p99], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--candidates-per-line", type=int, default=None,
                        help="also run the optimiser with candidate centers pruned to this many per line")
    args = parser.parse_args()
    cost = CostModel()
    centers, orders, hours = make_day(args.orders, args.offers, args.seed)

    greedy, _ = run_router(route_greedy, orders, hours, centers, args.batch_size, cost)
    optimal, bound = run_router(lambda b, s, c: route_optimal(b, s, c, batch_size=len(b)),
                                orders, hours, centers, args.batch_size, cost, with_bound=True)
    optimal_total = optimal["objective_minor"] + cost.unrouted_penalty_minor * optimal["unrouted"]
    greedy_total = greedy["objective_minor"] + cost.unrouted_penalty_minor * greedy["unrouted"]
    report = {
        "orders": args.orders, "offers": args.offers, "centers": len(centers), "seed": args.seed,
        "batch_size": args.batch_size, "lines": sum(len(o.lines) for o in orders),
        "express_share": round(sum(o.speed == transit.EXPRESS for o in orders) / len(orders), 3),
        "greedy": greedy, "optimal": optimal,
        "lp_bound_minor_summed_per_batch": bound,
        "optimal_gap_to_lp_percent": round(100 * (optimal_total - bound) / bound, 4),
        "shipping_saving_vs_greedy_percent": round(
            100 * (1 - optimal["shipping_cost_minor"] / greedy["shipping_cost_minor"]), 2),
        "objective_saving_vs_greedy_percent": round(100 * (1 - optimal_total / greedy_total), 2),
        "single_order_optimal": single_order_latency_ms(orders, at_hour(centers, 10.0), cost),
    }
    report["optimal_cheaper_than_greedy"] = (optimal["shipping_cost_minor"] < greedy["shipping_cost_minor"]
                                             and optimal_total < greedy_total)
    report["optimal_within_1_percent_of_lp"] = report["optimal_gap_to_lp_percent"] <= 1.0
    if args.candidates_per_line:
        k = args.candidates_per_line
        pruned, _ = run_router(
            lambda b, s, c: route_optimal(b, s, c, batch_size=len(b), candidates_per_line=k),
            orders, hours, centers, args.batch_size, cost)
        report[f"optimal_pruned_to_{k}_per_line"] = pruned
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
