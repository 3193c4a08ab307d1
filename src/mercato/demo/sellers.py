"""Deterministic third-party seller profiles for the demo and benchmarks. Pure: no Django.

Shaped after real marketplace sellers (a trading name, a registered company, a town, a track
record): most are solid, a few are excellent, and a few are poor, so the Buy Box has real choices.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

_FIRST_WORDS = ("Harbour", "Willow", "Kestrel", "Bramble", "Oakridge", "Thistle", "Marlow", "Copper", "Hazel",
                "Fenwick", "Larkspur", "Granite", "Meadow", "Lantern", "Saffron", "Northgate", "Juniper", "Ember",
                "Foxglove", "Ashby", "Pennant", "Rowan", "Cobble", "Tidewater", "Heron", "Ivy Lane", "Mulberry",
                "Sterling", "Orchard", "Wren")
_SECOND_WORDS = ("Home", "Living", "Gifts", "Trading", "Homeware", "Supplies", "Emporium", "Goods", "Interiors",
                 "Store", "& Co", "Crafts", "Direct", "Finds", "House")
_TOWNS = (("London", "EC1V 2NX"), ("Manchester", "M1 1AE"), ("Birmingham", "B1 1BB"), ("Leeds", "LS1 4DY"),
          ("Glasgow", "G1 1XQ"), ("Bristol", "BS1 4DJ"), ("Liverpool", "L1 8JQ"), ("Sheffield", "S1 2HE"),
          ("Edinburgh", "EH1 1YZ"), ("Cardiff", "CF10 1EP"), ("Leicester", "LE1 5YA"), ("Nottingham", "NG1 5FS"),
          ("Newcastle upon Tyne", "NE1 7RU"), ("Brighton", "BN1 1EE"), ("Norwich", "NR2 1NH"), ("York", "YO1 7HH"),
          ("Bath", "BA1 1LZ"), ("Exeter", "EX1 1GA"), ("Belfast", "BT1 5GS"), ("Cambridge", "CB2 3QZ"))
_STREETS = ("High Street", "Market Street", "Station Road", "Church Lane", "Mill Road", "Victoria Street",
            "King Street", "Queen's Road", "Bridge Street", "Park Lane")


@dataclass(frozen=True)
class SellerProfile:
    display_name: str
    legal_name: str
    company_number: str
    vat_number: str
    contact_email: str
    phone: str
    address_line1: str
    city: str
    postal_code: str
    performance_score: float   # 0..1
    rating_percent: int
    rating_count: int
    price_factor: float        # how this seller prices against the retail price (0.85 = 15 % cheaper)
    typical_handling_days: int
    free_shipping_share: float


def seller_profiles(count: int, *, seed: int = 7) -> list[SellerProfile]:
    rng = random.Random(seed)
    names: set[str] = set()
    profiles = []
    while len(profiles) < count:
        name = f"{rng.choice(_FIRST_WORDS)} {rng.choice(_SECOND_WORDS)}"
        if name in names:
            if len(names) >= len(_FIRST_WORDS) * len(_SECOND_WORDS):
                name = f"{name} {len(profiles) + 1}"
            else:
                continue
        names.add(name)
        tier = rng.random()
        if tier < 0.15:       # poor: cheap but unreliable
            score, price_factor, handling = rng.uniform(0.35, 0.58), rng.uniform(0.78, 0.92), rng.randint(3, 6)
        elif tier < 0.35:     # excellent
            score, price_factor, handling = rng.uniform(0.95, 0.995), rng.uniform(0.97, 1.08), 1
        else:                 # solid
            score, price_factor, handling = rng.uniform(0.78, 0.95), rng.uniform(0.88, 1.05), rng.randint(1, 3)
        town, postcode = rng.choice(_TOWNS)
        slug = "".join(ch for ch in name.lower() if ch.isalnum())
        profiles.append(SellerProfile(
            display_name=name,
            legal_name=f"{name.replace('& Co', 'and Company')} Ltd",
            company_number=f"{rng.randint(1_000_000, 15_999_999):08d}",
            vat_number=f"GB{rng.randint(100_000_000, 999_999_999)}",
            contact_email=f"sales@{slug}.example",
            phone=f"+44 {rng.randint(1000, 2999)} {rng.randint(100000, 999999)}",
            address_line1=f"{rng.randint(1, 240)} {rng.choice(_STREETS)}",
            city=town,
            postal_code=postcode,
            performance_score=round(score, 3),
            rating_percent=max(55, min(100, round(score * 100 + rng.uniform(-4, 3)))),
            rating_count=rng.randint(40, 12_000),
            price_factor=round(price_factor, 3),
            typical_handling_days=handling,
            free_shipping_share=rng.choice((0.0, 0.3, 0.6, 0.9)),
        ))
    return profiles
