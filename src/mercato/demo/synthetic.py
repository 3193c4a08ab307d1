"""A deterministic synthetic catalogue of any size, for benchmarks (`mercato generate-catalog`). Pure.

Titles combine a realistic vocabulary with a Zipf-like spread, so some words are in many
products and most in few, as in a real catalogue; prices are log-normal.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

DEPARTMENTS = ("Home", "Kitchen", "Garden", "Toys", "Electronics", "Sports", "Books", "Beauty", "Fashion",
               "Office", "Pets", "Automotive")
_KINDS = ("Lamp", "Mug", "Chair", "Table", "Speaker", "Headphones", "Kettle", "Jacket", "Shoes", "Backpack",
          "Notebook", "Pen", "Planter", "Hose", "Ball", "Racket", "Puzzle", "Doll", "Cable", "Charger", "Shampoo",
          "Brush", "Collar", "Leash", "Desk", "Shelf", "Blanket", "Pillow", "Towel", "Bottle", "Watch", "Wallet",
          "Scarf", "Helmet", "Glove", "Candle", "Frame", "Clock", "Mirror", "Rug", "Vase", "Bowl", "Plate", "Pan",
          "Knife", "Tent", "Torch", "Drill", "Saw", "Camera", "Tripod", "Keyboard", "Mouse", "Monitor", "Router")
_ADJECTIVES = ("Classic", "Modern", "Vintage", "Compact", "Portable", "Wireless", "Ergonomic", "Premium", "Eco",
               "Deluxe", "Mini", "Large", "Foldable", "Waterproof", "Heavy-Duty", "Lightweight", "Smart", "Rustic",
               "Nordic", "Industrial", "Soft", "Adjustable", "Rechargeable", "Handmade", "Organic")
COLOURS = ("Red", "Blue", "Green", "Black", "White", "Grey", "Pink", "Yellow", "Orange", "Purple", "Brown", "Navy")
MATERIALS = ("Cotton", "Steel", "Oak", "Bamboo", "Glass", "Ceramic", "Leather", "Wool", "Aluminium", "Plastic")
_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "tor", "sel", "mar", "dri", "zen", "qua", "bel", "nor", "fi", "lux")


@dataclass(frozen=True)
class SyntheticProduct:
    sequence: int
    title: str
    description: str
    department: str
    subcategory: str
    brand: str
    colour: str
    material: str
    price_minor: int
    units_sold: int
    weight_grams: int


def brand_names(count: int, rng: random.Random) -> list[str]:
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(names)


def subcategories(department: str) -> list[str]:
    """Eight sub-categories per department, named after what they hold."""
    start = DEPARTMENTS.index(department) * 5
    return [f"{department} {_KINDS[(start + i) % len(_KINDS)]}s" for i in range(8)]


def _zipf_index(rng: random.Random, size: int, exponent: float = 1.1) -> int:
    # Inverse-transform sample of a truncated power law: few items are very common, most are rare.
    u = rng.random()
    return min(size - 1, int(size ** (u ** exponent)) - 1)


def synthetic_products(count: int, *, seed: int = 1) -> Iterator[SyntheticProduct]:
    rng = random.Random(seed)
    brands = brand_names(600, rng)
    for sequence in range(count):
        department = DEPARTMENTS[_zipf_index(rng, len(DEPARTMENTS))]
        subcategory = rng.choice(subcategories(department))
        kind = subcategory.split(" ", 1)[1].rstrip("s")
        brand = brands[_zipf_index(rng, len(brands))]
        colour = COLOURS[_zipf_index(rng, len(COLOURS))]
        material = rng.choice(MATERIALS)
        adjectives = rng.sample(_ADJECTIVES, 2)
        model = f"{rng.choice('ABCDEFGHKLMNPRSTVXZ')}{rng.randint(10, 999)}"
        title = f"{brand} {adjectives[0]} {colour} {material} {kind} {model}"
        description = (f"A {adjectives[0].lower()}, {adjectives[1].lower()} {kind.lower()} in {colour.lower()} "
                       f"{material.lower()} by {brand}. Part of our {department.lower()} range.")
        price_minor = max(99, int(rng.lognormvariate(7.6, 1.0)))
        yield SyntheticProduct(sequence, title, description, department, subcategory, brand, colour, material,
                               price_minor, int(rng.paretovariate(1.3) * 3) - 3, rng.randint(50, 20_000))
