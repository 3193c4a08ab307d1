"""The order-routing model: which orders of a batch compete, the exact enumeration for an order that competes
with no other, and the mixed-integer programme for those that do, solved by HiGHS through scipy.optimize.milp.
Pure.

`routing.py` prices every way each line can ship (`OrderOptions`). A stock or capacity limit *binds* when the
batch could ask for more than it holds; orders linked by binding limits form a group solved together, and an
order touching none is routed alone by enumerating sets of centers. The programme's variables, all within
[0, 1] and integer unless `relax` is set:

    x[l, c]   line l ships from center c (only for the centers allowed to ship it)
    y[o, c]   order o has a parcel from center c
    u[o]      order o is not served

Objective, in thousandths of a minor unit (the same exact integers `routing.evaluate` adds up):

    sum x[l, c] * (weight-and-distance cost of the line from c + lateness penalty if c cannot meet the promise)
  + sum y[o, c] * (fixed cost of a parcel from c to o + split penalty)
  + sum u[o]    * (unrouted penalty + split penalty)

which, less one split penalty per order (an order's first parcel is not a split), is the plan's objective plus
the unrouted penalty of every order left out. Rows:

    sum_c x[l, c] + u[o] = 1       a line of a served order ships whole from exactly one center; none if unserved
    x[l, c] - y[o, c] <= 0         a line from c puts a parcel from c in the order
    sum qty[l] * x[l, c] <= stock  per (center, offer) whose stock the batch could exhaust
    sum_o y[o, c] <= orders_left   per center whose capacity the batch could exhaust

Rows that cannot bind (everything the batch could ask of that resource fits) are left out: they change neither
the integer optimum nor the LP relaxation, and leaving them out keeps the model small.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

T = TypeVar("T")
# A lone order is routed by enumeration while it has at most this many (center set, line, center) cells.
_ENUMERATION_CELLS = 100_000


@dataclass(frozen=True)
class OrderOptions:
    """Everything the model needs about one order: where each line may ship from and at what cost."""

    order_id: int | str
    line_ids: tuple[int | str, ...]
    line_offers: tuple[int, ...]
    line_quantities: tuple[int, ...]
    centers: tuple[int, ...]  # center ids the order may ship from, ascending
    parcel_milli: tuple[int, ...]  # per center in `centers`: fixed parcel cost + split penalty
    line_options: tuple[tuple[tuple[int, int], ...], ...]  # per line: (center id, line cost) it may ship from


@dataclass(frozen=True)
class Solution:
    assignments: dict[int | str, int]  # line id -> center id
    unserved: tuple[int | str, ...]  # order ids
    objective_minor: float  # the plan's objective plus the unrouted penalties (LP value when relaxed)
    proven_optimal: bool


def solve(options: Sequence[OrderOptions], *, stock_limits: Mapping[tuple[int, int], int],
          capacity_limits: Mapping[int, int], unrouted_penalty_milli: int, split_penalty_milli: int,
          relax: bool = False, time_limit_seconds: float = 10.0, mip_relative_gap: float = 0.0) -> Solution | None:
    """Route `options` together within the given binding limits; None when the solver returned no solution."""
    objective: list[float] = []
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    x_columns: list[tuple[int | str, int, int]] = []  # (line id, center id, column)
    u_columns: list[tuple[int | str, int]] = []
    stock_rows: dict[tuple[int, int], list[tuple[int, int]]] = {}
    capacity_rows: dict[int, list[int]] = {}

    def add_row(entries: list[tuple[int, float]], row_lower: float, row_upper: float) -> None:
        row = len(lower)
        for column, value in entries:
            rows.append(row)
            cols.append(column)
            values.append(value)
        lower.append(row_lower)
        upper.append(row_upper)

    for option in options:
        y_column = {}
        for center_id, parcel_milli in zip(option.centers, option.parcel_milli):
            y_column[center_id] = len(objective)
            objective.append(parcel_milli / 1000)
            if center_id in capacity_limits:
                capacity_rows.setdefault(center_id, []).append(y_column[center_id])
        u_column = len(objective)
        objective.append((unrouted_penalty_milli + split_penalty_milli) / 1000)
        u_columns.append((option.order_id, u_column))
        for line_id, offer_id, quantity, line_options in zip(
                option.line_ids, option.line_offers, option.line_quantities, option.line_options):
            assignment_row = [(u_column, 1.0)]
            for center_id, line_milli in line_options:
                column = len(objective)
                objective.append(line_milli / 1000)
                x_columns.append((line_id, center_id, column))
                assignment_row.append((column, 1.0))
                add_row([(column, 1.0), (y_column[center_id], -1.0)], -np.inf, 0.0)
                if (center_id, offer_id) in stock_limits:
                    stock_rows.setdefault((center_id, offer_id), []).append((column, quantity))
            add_row(assignment_row, 1.0, 1.0)
    for key, entries in stock_rows.items():
        add_row([(column, float(quantity)) for column, quantity in entries], -np.inf, float(stock_limits[key]))
    for center_id, columns in capacity_rows.items():
        add_row([(column, 1.0) for column in columns], -np.inf, float(capacity_limits[center_id]))

    size = len(objective)
    matrix = coo_array((values, (rows, cols)), shape=(len(lower), size)).tocsr()
    result = milp(
        np.asarray(objective),
        integrality=np.zeros(size) if relax else np.ones(size),
        bounds=Bounds(np.zeros(size), np.ones(size)),
        constraints=LinearConstraint(matrix, np.asarray(lower), np.asarray(upper)),
        options={"time_limit": time_limit_seconds, "mip_rel_gap": mip_relative_gap, "disp": False},
    )
    if result.x is None:
        return None
    solution = result.x
    return Solution(
        assignments={line_id: center_id for line_id, center_id, column in x_columns if solution[column] > 0.5},
        unserved=tuple(order_id for order_id, column in u_columns if solution[column] > 0.5),
        objective_minor=float(result.fun) - len(options) * split_penalty_milli / 1000,
        proven_optimal=result.status == 0,
    )


def binding_limits(options: Sequence[OrderOptions], stock: Mapping[int, Mapping[int, int]],
                   orders_left: Mapping[int, int]) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
    """The stock (per center and offer) and order capacities (per center) that `options` could exhaust."""
    units_wanted: Counter[tuple[int, int]] = Counter()
    orders_wanting: Counter[int] = Counter()
    for option in options:
        orders_wanting.update(option.centers)
        for offer_id, quantity, line_options in zip(option.line_offers, option.line_quantities, option.line_options):
            for center_id, _ in line_options:
                units_wanted[center_id, offer_id] += quantity
    stock_limits = {(cid, offer_id): stock[cid].get(offer_id, 0) for (cid, offer_id), units in units_wanted.items()
                    if units > stock[cid].get(offer_id, 0)}
    capacity_limits = {cid: orders_left[cid] for cid, wanting in orders_wanting.items() if wanting > orders_left[cid]}
    return stock_limits, capacity_limits


def competing_groups(routable: Sequence[tuple[T, OrderOptions]], stock_limits: Mapping[tuple[int, int], int],
                     capacity_limits: Mapping[int, int]) -> list[tuple[list[tuple[T, OrderOptions]], bool]]:
    """Split orders into groups that share no binding limit, each with whether its orders compete for one; a
    group that does not compete is a single order that can be routed on its own. Groups keep arrival order."""
    parent = list(range(len(routable)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_user: dict[tuple, int] = {}
    competes = [False] * len(routable)
    for i, (_, option) in enumerate(routable):
        keys = [("capacity", cid) for cid in option.centers if cid in capacity_limits]
        keys += [("stock", cid, offer_id) for offer_id, line_options in zip(option.line_offers, option.line_options)
                 for cid, _ in line_options if (cid, offer_id) in stock_limits]
        competes[i] = bool(keys)
        for key in keys:
            parent[root(i)] = root(first_user.setdefault(key, i))
    groups: dict[int, list[int]] = {}
    for i in range(len(routable)):
        groups.setdefault(root(i), []).append(i)
    return [([routable[i] for i in members], competes[members[0]]) for members in groups.values()]


def best_alone(option: OrderOptions) -> dict[int | str, int] | None:
    """The cheapest routing of one order that competes with no other, by enumerating the sets of centers it
    could ship from (each line then goes to the cheapest center of the set); None when there are too many
    sets. Ties go to fewer parcels, then to lower center ids."""
    count, width = len(option.centers), len(option.line_ids)
    masks = _center_sets(count, min(count, width))
    if masks.shape[0] * width * count > _ENUMERATION_CELLS:
        return None
    column = {cid: i for i, cid in enumerate(option.centers)}
    line_costs = np.full((width, count), np.inf)
    for line, line_options in enumerate(option.line_options):
        for cid, line_milli in line_options:
            line_costs[line, column[cid]] = line_milli
    per_line = np.where(masks[:, None, :], line_costs[None, :, :], np.inf).min(axis=2)
    totals = masks @ np.asarray(option.parcel_milli, dtype=float) + per_line.sum(axis=1)
    best = masks[int(np.argmin(totals))]
    chosen = np.where(best[None, :], line_costs, np.inf).argmin(axis=1)
    return {line_id: option.centers[i] for line_id, i in zip(option.line_ids, chosen)}


@lru_cache(maxsize=256)
def _center_sets(count: int, largest: int) -> np.ndarray:
    """Every non-empty set of at most `largest` of `count` centers, smaller sets first, as boolean rows."""
    sets = [s for size in range(1, largest + 1) for s in combinations(range(count), size)]
    masks = np.zeros((len(sets), count), dtype=bool)
    for row, members in enumerate(sets):
        masks[row, list(members)] = True
    return masks
