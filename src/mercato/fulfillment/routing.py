"""Order routing: which fulfillment center ships each line of network-fulfilled orders. Pure.

`route_optimal` minimises, over a batch of orders, shipping cost + a penalty per line delivered after its
promise + a penalty per extra parcel when an order is split, never using more than a center's stock of an offer
or its free order capacity (an order counts once at each center it ships from). A line ships whole from one
center; an order is served whole or not at all, and orders that cannot be served are reported with a reason.
`route_greedy` is the baseline: in arrival order, each line goes to the nearest center with stock and capacity.

Costs are exact integers in thousandths of a minor unit, rounded to minor units once per total, so the
optimiser, the brute-force tests and the reports agree to the unit. docs/fulfillment.md explains the model.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from mercato.core.errors import Invalid
from mercato.fulfillment import routing_milp, transit
from mercato.fulfillment.routing_milp import OrderOptions

_TOGETHER = "not enough stock left to ship all its lines together"


@dataclass(frozen=True)
class Center:
    """A fulfillment center's state for this batch."""

    center_id: int
    latitude: float
    longitude: float
    stock: Mapping[int, int]  # offer id -> units available to route
    orders_left: int  # daily order capacity still free
    ships_today: bool = True  # False past its cut-off: every delivery from it takes one more working day


@dataclass(frozen=True)
class Line:
    line_id: int | str
    offer_id: int
    quantity: int
    weight_grams: int  # of one unit


@dataclass(frozen=True)
class OrderToRoute:
    order_id: int | str
    latitude: float
    longitude: float
    lines: tuple[Line, ...]
    speed: str  # transit.STANDARD or transit.EXPRESS
    promised_days: int | None = None  # working days promised from today; None: no promise, never late


@dataclass(frozen=True)
class CostModel:
    """Prices in minor units (GBP pence). A parcel of `kg` shipped `km` costs
    (parcel_base + per_kg * kg + per_100km * km / 100 + per_kg_100km * kg * km / 100), times
    express_multiplier for express orders."""

    parcel_base_minor: int = 250
    per_kg_minor: int = 40
    per_100km_minor: int = 30  # per parcel
    per_kg_100km_minor: int = 5  # heavy parcels cost more the farther they go
    express_multiplier: float = 1.6
    late_penalty_minor: int = 500  # per line delivered after the promise
    split_penalty_minor: int = 150  # per parcel beyond an order's first
    unrouted_penalty_minor: int = 1_000_000  # per order left unserved: serve every order that can be served


@dataclass(frozen=True)
class Plan:
    assignments: Mapping[int | str, int]  # line id -> center id
    unrouted: Mapping[int | str, str]  # order id -> why it could not be served
    shipping_cost_minor: int
    parcels: int
    late_lines: int
    lines_routed: int
    orders_routed: int
    objective_minor: int  # shipping cost + late and split penalties (unrouted orders excluded)

    @property
    def on_time_share(self) -> float:
        return 1.0 - self.late_lines / self.lines_routed if self.lines_routed else 1.0


def delivery_days(center: Center, order: OrderToRoute, distance_km: float | None = None) -> int:
    """Working days from today until a parcel from `center` reaches `order`."""
    if distance_km is None:
        distance_km = transit.haversine_km(center.latitude, center.longitude, order.latitude, order.longitude)
    return transit.transit_days(distance_km, order.speed) + (0 if center.ships_today else 1)


def _parcel_prices(distance_km: float, speed: str, cost: CostModel) -> tuple[int, int]:
    """(fixed part in thousandths of a minor unit, minor units per kg = thousandths per gram) of a parcel."""
    multiplier = cost.express_multiplier if speed == transit.EXPRESS else 1.0
    hundreds_km = distance_km / 100
    fixed_milli = round(1000 * multiplier * (cost.parcel_base_minor + cost.per_100km_minor * hundreds_km))
    per_kg_minor = round(multiplier * (cost.per_kg_minor + cost.per_kg_100km_minor * hundreds_km))
    return fixed_milli, per_kg_minor


def parcel_cost_minor(center: Center, order: OrderToRoute, weight_grams: int, cost: CostModel = CostModel()) -> int:
    """The shipping cost of one parcel of `weight_grams` from `center` to `order`."""
    distance_km = transit.haversine_km(center.latitude, center.longitude, order.latitude, order.longitude)
    fixed_milli, per_kg_minor = _parcel_prices(distance_km, order.speed, cost)
    return (fixed_milli + per_kg_minor * weight_grams + 500) // 1000


def evaluate(orders: Sequence[OrderToRoute], centers: Sequence[Center],
             assignments: Mapping[int | str, int], unrouted: Mapping[int | str, str] | None = None,
             cost: CostModel = CostModel()) -> Plan:
    """The totals of a given routing (from a router, or any other, to compare); orders with no assigned line
    count as unrouted."""
    by_id = {center.center_id: center for center in centers}
    unrouted = dict(unrouted or {})
    shipping_milli = parcels = late_lines = lines_routed = orders_routed = 0
    for order in orders:
        routed = [line.line_id in assignments for line in order.lines]
        if not any(routed):
            unrouted.setdefault(order.order_id, "not routed")
            continue
        if not all(routed):
            raise Invalid(f"order {order.order_id} is routed in part only", field="assignments")
        orders_routed += 1
        weight_by_center: Counter[int] = Counter()
        for line in order.lines:
            weight_by_center[assignments[line.line_id]] += line.quantity * line.weight_grams
            lines_routed += 1
        for center_id, weight_grams in sorted(weight_by_center.items()):
            center = by_id[center_id]
            distance_km = transit.haversine_km(center.latitude, center.longitude, order.latitude, order.longitude)
            fixed_milli, per_kg_minor = _parcel_prices(distance_km, order.speed, cost)
            shipping_milli += fixed_milli + per_kg_minor * weight_grams
            if order.promised_days is not None and delivery_days(center, order, distance_km) > order.promised_days:
                late_lines += sum(1 for line in order.lines if assignments[line.line_id] == center_id)
        parcels += len(weight_by_center)
    penalties_minor = late_lines * cost.late_penalty_minor + (parcels - orders_routed) * cost.split_penalty_minor
    return Plan(assignments=dict(assignments), unrouted=unrouted,
                shipping_cost_minor=(shipping_milli + 500) // 1000, parcels=parcels, late_lines=late_lines,
                lines_routed=lines_routed, orders_routed=orders_routed,
                objective_minor=(shipping_milli + 1000 * penalties_minor + 500) // 1000)


def centers_after(centers: Sequence[Center], orders: Sequence[OrderToRoute], plan: Plan) -> tuple[Center, ...]:
    """The centers' state once `plan` has taken its stock and order capacity: what the next batch sees."""
    stock, orders_left = _state(centers)
    _take(orders, plan.assignments, stock, orders_left)
    return tuple(replace(c, stock=stock[c.center_id], orders_left=orders_left[c.center_id]) for c in centers)


def route_greedy(orders: Sequence[OrderToRoute], centers: Sequence[Center], cost: CostModel = CostModel()) -> Plan:
    """The baseline: in arrival order, each line to the nearest center (ties: lower center_id) with enough
    stock and, unless the order already ships from it, order capacity left."""
    _validate(orders, centers)
    stock, orders_left = _state(centers, orders)
    assignments, unrouted = _greedy_group(orders, centers, stock, orders_left)
    return evaluate(orders, centers, assignments, unrouted, cost)


def route_optimal(orders: Sequence[OrderToRoute], centers: Sequence[Center], cost: CostModel = CostModel(), *,
                  batch_size: int = 250, candidates_per_line: int | None = None,
                  time_limit_seconds: float = 10.0, mip_relative_gap: float = 0.0) -> Plan:
    """Route `orders` in batches of `batch_size` (arrival order, stock and capacity carried from one batch to
    the next), each batch at the least objective. `candidates_per_line` keeps, per line, only that many
    nearest centers holding it (plus the nearest center holding the whole order); None keeps them all."""
    _validate(orders, centers)
    if batch_size < 1:
        raise Invalid("batch size must be at least 1", field="batch_size")
    if candidates_per_line is not None and candidates_per_line < 1:
        raise Invalid("keep at least one candidate center per line", field="candidates_per_line")
    stock, orders_left = _state(centers, orders)
    assignments: dict[int | str, int] = {}
    unrouted: dict[int | str, str] = {}
    for start in range(0, len(orders), batch_size):
        batch = orders[start:start + batch_size]
        options = [_order_options(order, centers, stock, orders_left, cost, candidates_per_line) for order in batch]
        routable = []
        for order, option in zip(batch, options):
            if all(option.line_options):
                routable.append((order, option))
            else:
                unrouted[order.order_id] = _reason(order, stock, orders_left)
        stock_limits, capacity_limits = routing_milp.binding_limits(
            [option for _, option in routable], stock, orders_left)
        for group, competes in routing_milp.competing_groups(routable, stock_limits, capacity_limits):
            chosen = None if competes else routing_milp.best_alone(group[0][1])
            if chosen is None:
                solution = routing_milp.solve(
                    [option for _, option in group], stock_limits=stock_limits, capacity_limits=capacity_limits,
                    unrouted_penalty_milli=1000 * cost.unrouted_penalty_minor,
                    split_penalty_milli=1000 * cost.split_penalty_minor,
                    time_limit_seconds=time_limit_seconds, mip_relative_gap=mip_relative_gap)
                chosen = solution.assignments if solution else None
            group_orders = [order for order, _ in group]
            if chosen is None or not _fits(group_orders, chosen, stock, orders_left):
                chosen, _ = _greedy_group(group_orders, centers, stock, orders_left)  # no usable solution in time
            lost = (_TOGETHER if len(group_orders) == 1 else
                    "the stock or capacity able to serve it went to other orders routed with it")
            for order in group_orders:
                if order.lines[0].line_id not in chosen:
                    unrouted[order.order_id] = _reason(order, stock, orders_left) or lost
            assignments.update(chosen)
            _take(group_orders, chosen, stock, orders_left)
    return evaluate(orders, centers, assignments, unrouted, cost)


def lp_lower_bound(orders: Sequence[OrderToRoute], centers: Sequence[Center], cost: CostModel = CostModel()) -> int:
    """The LP relaxation of routing `orders` as one batch with every candidate center: no routing of them can
    have objective_minor + unrouted_penalty_minor * len(unrouted) below this."""
    _validate(orders, centers)
    stock, orders_left = _state(centers, orders)
    options = [_order_options(order, centers, stock, orders_left, cost, None) for order in orders]
    routable = [option for option in options if all(option.line_options)]
    bound = (len(options) - len(routable)) * cost.unrouted_penalty_minor
    if routable:
        stock_limits, capacity_limits = routing_milp.binding_limits(routable, stock, orders_left)
        solution = routing_milp.solve(
            routable, stock_limits=stock_limits, capacity_limits=capacity_limits, relax=True,
            unrouted_penalty_milli=1000 * cost.unrouted_penalty_minor,
            split_penalty_milli=1000 * cost.split_penalty_minor, time_limit_seconds=600.0)
        if solution is None:
            raise RuntimeError("the LP relaxation did not solve")
        bound += int(np.floor(solution.objective_minor + 1e-6))
    return bound


def _order_options(order, centers, stock, orders_left, cost, candidates_per_line) -> OrderOptions:
    """Where each line of `order` may ship from, and what each choice costs, given the stock and capacity left."""
    nearest_first = sorted((transit.haversine_km(c.latitude, c.longitude, order.latitude, order.longitude),
                            c.center_id, c) for c in centers if orders_left[c.center_id] > 0)
    holders = [[cid for _, cid, _ in nearest_first if stock[cid].get(line.offer_id, 0) >= line.quantity]
               for line in order.lines]
    allowed = {cid for line_holders in holders for cid in line_holders}
    if candidates_per_line is not None:
        needed: Counter[int] = Counter()
        for line in order.lines:
            needed[line.offer_id] += line.quantity
        whole = [cid for _, cid, _ in nearest_first if all(stock[cid].get(o, 0) >= n for o, n in needed.items())]
        allowed = {cid for line_holders in holders for cid in line_holders[:candidates_per_line]} | set(whole[:1])
    parcel_milli: dict[int, int] = {}
    line_milli: dict[int, tuple[int, int]] = {}  # center -> (thousandths per gram, lateness penalty)
    for distance_km, cid, center in nearest_first:
        if cid in allowed:
            fixed_milli, per_kg_minor = _parcel_prices(distance_km, order.speed, cost)
            late = order.promised_days is not None and delivery_days(center, order, distance_km) > order.promised_days
            parcel_milli[cid] = fixed_milli + 1000 * cost.split_penalty_minor
            line_milli[cid] = (per_kg_minor, 1000 * cost.late_penalty_minor if late else 0)
    line_options = tuple(
        tuple((cid, line_milli[cid][0] * line.quantity * line.weight_grams + line_milli[cid][1])
              for cid in sorted(c for c in line_holders if c in allowed))
        for line, line_holders in zip(order.lines, holders))
    used = sorted({cid for options in line_options for cid, _ in options})
    return OrderOptions(
        order_id=order.order_id, line_ids=tuple(line.line_id for line in order.lines),
        line_offers=tuple(line.offer_id for line in order.lines),
        line_quantities=tuple(line.quantity for line in order.lines),
        centers=tuple(used), parcel_milli=tuple(parcel_milli[cid] for cid in used), line_options=line_options)


def _validate(orders: Sequence[OrderToRoute], centers: Sequence[Center]) -> None:
    if len({center.center_id for center in centers}) != len(centers):
        raise Invalid("center ids must be unique", field="centers")
    if any(center.orders_left < 0 for center in centers):
        raise Invalid("a center's free order capacity cannot be negative", field="orders_left")
    if len({order.order_id for order in orders}) != len(orders):
        raise Invalid("order ids must be unique", field="orders")
    line_ids = [line.line_id for order in orders for line in order.lines]
    if len(set(line_ids)) != len(line_ids):
        raise Invalid("line ids must be unique", field="lines")
    for order in orders:
        if not order.lines:
            raise Invalid(f"order {order.order_id} has no lines", field="lines")
        if order.speed not in transit.SPEEDS:
            raise Invalid(f"unknown speed {order.speed!r}", field="speed")
        if any(line.quantity < 1 or line.weight_grams < 0 for line in order.lines):
            raise Invalid(f"order {order.order_id} has a line with no units or a negative weight", field="lines")


def _state(centers: Sequence[Center], orders: Sequence[OrderToRoute] | None = None):
    """Mutable copies of the stock (only of the offers `orders` ask for, when given) and capacities."""
    offer_ids = None if orders is None else {line.offer_id for order in orders for line in order.lines}
    stock = {c.center_id: dict(c.stock) if offer_ids is None else
             {offer_id: c.stock[offer_id] for offer_id in offer_ids if offer_id in c.stock} for c in centers}
    return stock, {c.center_id: c.orders_left for c in centers}


def _take(orders: Sequence[OrderToRoute], assignments: Mapping[int | str, int], stock: dict[int, dict[int, int]],
          orders_left: dict[int, int]) -> None:
    for order in orders:
        used = set()
        for line in order.lines:
            if line.line_id in assignments:
                center_id = assignments[line.line_id]
                stock[center_id][line.offer_id] -= line.quantity
                used.add(center_id)
        for center_id in used:
            orders_left[center_id] -= 1


def _fits(orders, assignments, stock, orders_left) -> bool:
    """Whether `assignments` serves each order whole or not at all within the stock and capacity left."""
    units: Counter[tuple[int, int]] = Counter()
    parcels: Counter[int] = Counter()
    for order in orders:
        served = [line.line_id in assignments for line in order.lines]
        if any(served) and not all(served):
            return False
        for line in order.lines if all(served) else ():
            units[assignments[line.line_id], line.offer_id] += line.quantity
        parcels.update({assignments[line.line_id] for line in order.lines if line.line_id in assignments})
    return all(orders_left[cid] >= n for cid, n in parcels.items()) and all(
        stock[cid].get(offer_id, 0) >= n for (cid, offer_id), n in units.items())


def _greedy_group(orders, centers, stock, orders_left) -> tuple[dict[int | str, int], dict[int | str, str]]:
    """The baseline's routing of `orders`, and why it left any out; the stock and capacity are not changed."""
    stock = {cid: held.copy() for cid, held in stock.items()}
    orders_left = dict(orders_left)
    assignments: dict[int | str, int] = {}
    unrouted: dict[int | str, str] = {}
    for order in orders:
        chosen = _greedy_order(order, centers, stock, orders_left)
        if chosen is None:
            unrouted[order.order_id] = _reason(order, stock, orders_left) or _TOGETHER
        else:
            assignments.update(chosen)
            _take([order], chosen, stock, orders_left)
    return assignments, unrouted


def _greedy_order(order, centers, stock, orders_left) -> dict[int | str, int] | None:
    """Nearest-center lines for one order against the current stock and capacity, or None if it cannot ship."""
    ranked = sorted(centers, key=lambda c: (transit.haversine_km(
        c.latitude, c.longitude, order.latitude, order.longitude), c.center_id))
    reserved: Counter[tuple[int, int]] = Counter()
    chosen: dict[int | str, int] = {}
    for line in order.lines:
        for center in ranked:
            cid = center.center_id
            in_stock = stock[cid].get(line.offer_id, 0) - reserved[cid, line.offer_id] >= line.quantity
            if in_stock and (cid in chosen.values() or orders_left[cid] > 0):
                reserved[cid, line.offer_id] += line.quantity
                chosen[line.line_id] = cid
                break
        else:
            return None
    return chosen


def _reason(order: OrderToRoute, stock, orders_left) -> str:
    for line in order.lines:
        holding = [cid for cid, held in sorted(stock.items()) if held.get(line.offer_id, 0) >= line.quantity]
        if not holding:
            return f"no center has {line.quantity} unit(s) of offer {line.offer_id} in stock"
        if all(orders_left[cid] <= 0 for cid in holding):
            return f"every center holding offer {line.offer_id} has used its order capacity for today"
    return ""
