"""Splitting a seller's inbound units over the network in proportion to expected demand. Pure."""
from __future__ import annotations

from collections.abc import Mapping


def split_units(units: int, shares: Mapping[int, float], room: Mapping[int, int]) -> dict[int, int] | None:
    """Divide `units` over centers in proportion to `shares` (largest remainders get the odd units), never
    giving a center more than its `room`; what a full center cannot take goes to the others by the same rule.
    None when the centers together have no room for all of them."""
    if units > sum(max(0, r) for r in room.values()):
        return None
    given = {center: 0 for center in shares}
    left = units
    while left:
        open_centers = [c for c in sorted(shares) if room.get(c, 0) - given[c] > 0]
        weight = sum(max(shares[c], 0.0) for c in open_centers) or float(len(open_centers))
        exact = {c: left * ((max(shares[c], 0.0) / weight) if weight else 1 / len(open_centers))
                 for c in open_centers}
        portion = {c: min(int(exact[c]), room[c] - given[c]) for c in open_centers}
        spare = left - sum(portion.values())
        by_remainder = sorted(open_centers, key=lambda c: (-(exact[c] - int(exact[c])), c))
        for center in by_remainder:
            if spare <= 0:
                break
            if room[center] - given[center] - portion[center] > 0:
                portion[center] += 1
                spare -= 1
        if not any(portion.values()):
            # Every proportional share rounded to nothing: hand one unit to the most-demanded open center.
            portion[max(open_centers, key=lambda c: (shares[c], -c))] = 1
        for center, part in portion.items():
            given[center] += part
            left -= part
    return given
