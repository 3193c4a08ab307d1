"""The demo catalogue: real products of the UCI Online Retail data set, cleaned up into shop listings.

Pure module (standard library only). The raw data is 541,909 invoice lines of a UK gift-ware
retailer (prices in GBP). From it we keep one entry per real product with its real title, price
and sales figures, and derive what a shop catalogue needs but the data lacks: a category, a brand
(the retailer's design range), typed attributes, a short description, dimensions, weight and a GTIN.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

__all__ = [
    "CATCH_ALL_CATEGORY",
    "CATEGORY_TREE",
    "CatalogEntry",
    "CategoryNode",
    "attributes_for",
    "brand_for",
    "build_catalog",
    "category_tree",
    "classify",
    "describe",
    "dimensions_for",
    "gtin_for",
    "assign_gtins",
    "is_valid_ean13",
    "read_catalog",
    "title_case",
    "write_catalog",
]


@dataclass(frozen=True)
class CatalogEntry:
    stock_code: str
    title: str
    description: str
    category_slug: str          # a leaf of CATEGORY_TREE
    brand: str | None           # the retailer's design range, None when unbranded
    attributes: dict[str, str]  # "colour", "material", "size" when the title names them
    price_minor: int            # GBP pence, median retail-size selling price
    units_sold: int
    order_count: int            # distinct invoices that bought it
    first_sold: str             # ISO date
    length_mm: int
    width_mm: int
    height_mm: int
    weight_grams: int
    gtin: str                   # EAN-13, GS1 restricted-circulation range 20-29


# --- the category tree ----------------------------------------------------------------------


class CategoryNode(NamedTuple):
    slug: str
    name: str
    parent_slug: str | None


def _department(slug: str, name: str, *children: tuple[str, str]) -> tuple[CategoryNode, ...]:
    return (CategoryNode(slug, name, None),) + tuple(
        CategoryNode(child_slug, child_name, slug) for child_slug, child_name in children
    )


# Chosen from what the retailer actually sells (the most frequent title words are SET, HEART,
# BAG, VINTAGE, CHRISTMAS, BOX, HOLDER, CANDLE, NECKLACE, T-LIGHT, CARD, CAKE, MUG, ...).
CATEGORY_TREE: tuple[CategoryNode, ...] = (
    *_department(
        "home-decor", "Home Décor",
        ("wall-art-signs", "Wall Art & Signs"),
        ("clocks", "Clocks"),
        ("frames-mirrors", "Photo Frames & Mirrors"),
        ("cushions-soft-furnishings", "Cushions & Soft Furnishings"),
        ("hooks-knobs-doorstops", "Hooks, Knobs & Doorstops"),
        ("decorations-ornaments", "Decorations & Ornaments"),
        ("small-furniture-shelving", "Small Furniture & Shelving"),
        ("vases-artificial-flowers", "Vases & Artificial Flowers"),
    ),
    *_department(
        "kitchen-dining", "Kitchen & Dining",
        ("mugs-cups-teaware", "Mugs, Cups & Teaware"),
        ("cake-stands-baking", "Cake Stands & Baking"),
        ("lunch-boxes-bags", "Lunch Boxes & Bags"),
        ("tableware", "Plates, Bowls & Tableware"),
        ("kitchen-storage", "Kitchen Storage & Tins"),
        ("kitchen-linen-utensils", "Kitchen Linen & Utensils"),
    ),
    *_department(
        "christmas-seasonal", "Christmas & Seasonal",
        ("christmas-decorations", "Christmas Decorations"),
        ("christmas-trees-lights", "Christmas Trees & Lights"),
        ("christmas-cards-wrap", "Christmas Cards & Wrap"),
        ("easter", "Easter"),
    ),
    *_department(
        "bags-storage", "Bags & Storage",
        ("jumbo-shopping-bags", "Jumbo & Shopping Bags"),
        ("handbags-purses", "Handbags & Purses"),
        ("storage-boxes-baskets", "Storage Boxes & Baskets"),
        ("travel-accessories", "Travel Accessories"),
    ),
    *_department(
        "stationery-gift-wrap", "Stationery & Gift Wrap",
        ("greeting-cards", "Greeting Cards"),
        ("gift-wrap-bags-ribbons", "Gift Wrap, Bags & Ribbons"),
        ("notebooks-journals", "Notebooks & Journals"),
        ("pens-pencils-desk", "Pens, Pencils & Desk"),
        ("stickers-craft-sewing", "Stickers, Craft & Sewing"),
    ),
    *_department(
        "toys-party", "Toys & Party",
        ("toys-games", "Toys & Games"),
        ("soft-toys-dolls", "Soft Toys & Dolls"),
        ("party-supplies", "Party Supplies"),
        ("baby-kids-room", "Baby & Kids' Room"),
    ),
    *_department(
        "candles-lighting", "Candles & Lighting",
        ("candle-holders-lanterns", "Candle Holders & Lanterns"),
        ("candles-home-fragrance", "Candles & Home Fragrance"),
        ("lamps-string-lights", "Lamps & String Lights"),
    ),
    *_department(
        "jewellery-accessories", "Jewellery & Accessories",
        ("necklaces-pendants", "Necklaces & Pendants"),
        ("earrings", "Earrings"),
        ("bracelets-bangles", "Bracelets & Bangles"),
        ("rings-brooches-badges", "Rings, Brooches & Badges"),
        ("hair-accessories", "Hair Accessories"),
        ("keyrings-bag-charms", "Keyrings & Bag Charms"),
        ("umbrellas-scarves-accessories", "Umbrellas, Scarves & Accessories"),
    ),
    *_department(
        "bath-beauty", "Bath & Beauty",
        ("hot-water-bottles-warmers", "Hot Water Bottles & Warmers"),
        ("bathroom-toiletries", "Bathroom & Toiletries"),
        ("wash-bags-beauty", "Wash Bags & Beauty"),
    ),
    *_department(
        "garden-outdoors", "Garden & Outdoors",
        ("plant-pots-planters", "Plant Pots & Planters"),
        ("watering-garden-tools", "Watering Cans & Garden Tools"),
        ("bird-houses-feeders", "Bird Houses & Feeders"),
        ("outdoor-living-picnic", "Outdoor Living & Picnic"),
    ),
    *_department(
        "gifts-novelties", "Gifts & Novelties",
        ("novelty-gadgets", "Novelty Gadgets"),
        ("pet-accessories", "Pet Accessories"),
        ("everything-else", "Everything Else"),  # the catch-all for titles no rule places
    ),
)

CATCH_ALL_CATEGORY = "everything-else"


# --- classification rules -------------------------------------------------------------------


def _any(*phrases: str) -> str:
    """Regex: any of the phrases (regex fragments) as whole words."""
    return r"\b(?:" + "|".join(phrases) + r")\b"


def _all(*patterns: str) -> str:
    """Regex: every pattern somewhere in the text, in any order."""
    return "".join(f"(?=.*{pattern})" for pattern in patterns)


_CHRISTMAS = _any("CHRISTMAS", "XMAS", "SANTAS?", "REINDEER", "SNOWMAN", "SNOWMEN", "NATIVITY",
                  "ADVENT", "BAUBLES?", "ROBIN", "POINSETTIA", "MISTLETOE", "HOLLY", "JINGLE BELLS?",
                  "NOEL", "ELF", "FATHER CHRISTMAS", "WISE MEN", "RUDOLPHS?", "SNOWFLAKES?",
                  "SLEIGH", "STOCKINGS?", "YULETIDE", "TINSEL")

# Ordered: the first rule that matches a title decides its category. Three tiers:
#  1. Seasonal-only goods: Christmas cards, wrap, trees, lights and decorations (and Easter
#     decorations) exist only for the season, so they go to Christmas & Seasonal whatever else
#     the title says.
#  2. Product types: what the thing *is* decides, also for themed products. A Christmas cake
#     stand is a cake stand (Kitchen & Dining > Cake Stands & Baking), a Christmas T-light holder
#     is a candle holder; shoppers look for a cake stand among cake stands. Inside this tier the
#     more specific type comes first ("CAKE CASES" before "CASES", "T-LIGHT HOLDER" before
#     "T-LIGHTS", "PAPER PLATES" (party) before "PLATES" (tableware)).
#  3. Themes and weak words: whatever is still unplaced and Christmas-themed is a Christmas
#     decoration, Easter-themed is Easter; then broad words (HEART, BOX, TIN, HANGING, ...).
_RULE_TEXT: tuple[tuple[str, str], ...] = (
    # 1. seasonal-only goods
    ("christmas-cards-wrap", _all(_CHRISTMAS, _any("CARDS?", "WRAP", "GIFT TAGS?", "TAGS", "GIFT BAGS?",
                                                   "RIBBONS?", "CRACKERS?", "STICKERS?", "ROLL WRAP"))),
    # the retailer's boxed card packs carry a 5-digit design number: its Christmas card line
    ("christmas-cards-wrap", r"^SET OF \d+ .*\b1[67]\d{3}$|" + _any("CRACKERS?", "MINICARDS")),
    ("christmas-trees-lights", _all(_CHRISTMAS, _any("(?<!T-)LIGHTS?", r"\d+ ?LIGHTS?", "LED"))),
    ("christmas-trees-lights", _any("(?:CHRISTMAS )?TREE \\d+ ?CM", "FEATHER (?:CHRISTMAS )?TREE",
                                    "CHRISTMAS TREE \\d+")),
    ("christmas-decorations", _all(_CHRISTMAS, _any("DECORATIONS?", "DEC", "ORNAMENTS?", "GARLAND",
                                                    "WREATH", "TREE TOP", "STOCKING", "HANGING",
                                                    "PAPER CHAIN"))),
    ("christmas-decorations", _any("ADVENT", "NATIVITY", "BAUBLES?(?! (?:T-LIGHT|LAMP))", "TINSEL",
                                   "TREE DECORATIONS?")),
    ("easter", _all(_any("EASTER"), _any("BASKETS?", "DECORATIONS?", "GARLAND", "WREATH", "TREE", "HUNT",
                                         "TIN", "LADDER"))),
    ("easter", _any("(?:HENS?|CHICKS?|BUNNY|EGGS?) (?:& \\w+ )?IN (?:BASKET|CRATE)",
                    "PAINT YOUR OWN EGGS")),
    # 2. product types; first the multi-word names that contain a misleading word
    ("kitchen-linen-utensils", _any("BALLOON WHISK", "MEASURING (?:SPOONS?|JUGS?|JARS?|CUPS?)",
                                    "APPLE CORER", "WASHING UP (?:BRUSH|GLOVES)", "SCRUBBING BRUSH",
                                    "CHOPPING BOARD", "BOTTLE OPENER", "KITCHEN THERMOMETER",
                                    "TEA TOWELS?", "APRONS?", "OVEN GLOVES?", "LOLLY MAKERS?",
                                    "SPATULA")),
    ("kitchen-storage", _any("RECIPE (?:BOX|BOOK BOX|BOOK STAND)", "CAKE TINS?",
                             "(?:HERB|SPICE) TINS")),
    ("tableware", _any("NAPKIN (?:CHARMS?|RINGS?)", "PLACE SETTINGS?", "TOAST RACK",
                       "EGG (?:WARMER|COSY)")),
    ("storage-boxes-baskets", _any("BOOK BOX", "JEWELLERY BOX")),
    ("pens-pencils-desk", _any("LETTER (?:RACK|HOLDER)", "MEMO ?BOARD", "PENCIL SHARPENER",
                               "PAPERWEIGHT", "SHOPPING LIST", "PENS? IN GIFT BOX")),
    ("notebooks-journals", _any("NOTEBOOKS?(?! SET)", "NOTE ?BOOKS?", "JOURNAL")),
    ("greeting-cards", _any("BLANK CARD")),
    ("soft-toys-dolls", _any("PUPPETS?")),
    ("stickers-craft-sewing", _any("KNITTING KIT", "HANDBAG KIT", "MEASURING TAPE", "TAPE MEASURE")),
    ("hooks-knobs-doorstops", _any("SUCTION (?:CUP )?HOOK", "SUCTION CUP", "SOCK HANGER")),
    ("gift-wrap-bags-ribbons", "^WRAP\\b|" + _any("GIFT WRAP", "ROLL WRAP", "WRAPPING PAPER",
                                                  "PAPER GIFT BAG", "GIFT BAG", "PAPER BAG", "GIFT BOX(?:ES)?",
                                                  "RIBBON REELS?", "RIBBONS")),
    ("bathroom-toiletries", _any("SOAP DISH", "WASH BOWL", "BATHROOM BOTTLE", "TOILETTE BOTTLE",
                                 "BATH SALTS", "COTTON WOOL", "SOAP RACK", "BATHROOM SCALES")),
    ("watering-garden-tools", _any("GARDEN FORK", "TROWEL", "WATERING CANS?", "GARDEN GLOVES",
                                   "KNEELING PAD", "SEED ENVELOPES")),
    ("plant-pots-planters", _any("HERB GARDEN", "GROW YOUR OWN", "PLANT (?:POT )?HOLDER")),
    ("cushions-soft-furnishings", _any("DOORMAT", "CUSHION COVERS?")),
    ("toys-games", _any("PLAYING CARDS", "CARD GAME", "DOMINOES", "GAME", "SNAP CARDS", "JIGSAW",
                        "CROQUET", "ROUNDERS")),
    ("baby-kids-room", _any("TOY TIDY", "BABY GIFT SET")),
    ("small-furniture-shelving", _any("CABINET", "CUPBOARD", "SHELF", "SHELVING", "SIDEBOARD",
                                      "STOOL", "CHEST OF DRAWERS", "\\d+ DRAWERS?", "CHAIRS?",
                                      "MAGAZINE RACK", "UMBRELLA STAND")),
    ("novelty-gadgets", _any("BOOM ?BOX", "USB", "RADIO", "SPIRIT LEVEL", "SCREWDRIVER",
                             "ELECTRONIC", "ASHTRAY", "HEADPHONES", "SPEAKER", "DOORBELL",
                             "STRESS BALL")),
    # then one rule per category, most specific categories first
    ("pet-accessories", _any("(?:DOG|DOGS|CAT|PET) (?:BOWL|COLLAR|FOOD|TOY|BED|LEAD|MUG)", "PET",
                             "DOGS? COLLAR")),
    ("necklaces-pendants", _any("NECKLACES?", "NECKL\\w*", "PENDANTS?(?! ORBIT NECKLACE)", "LARIAT",
                                "CHOKER", "LOCKET", "(?<!PAPER )(?<!LIGHT )(?<!KEY )CHAIN(?! KIT)",
                                "JEWELLERY SET")),
    ("earrings", _any("EARRINGS?", "STUD EARRINGS", "EAR ?RINGS")),
    ("bracelets-bangles", _any("BRACELETS?", "BANGLES?", "ANKLET", "CUFF")),
    ("hair-accessories", _any("HAIR", "COMB", "TIARA", "HEADBAND", "HAIR ?SLIDES?", "BOBBLES?",
                              "SCRUNCHIE", "HAIRBAND", "HAIR GRIPS?", "HAIR CLIPS?", "ALICE BAND",
                              "TIARAS?", "SLIDES?")),
    ("candle-holders-lanterns", _any("T-LIGHT HOLDERS?", "T-LIGHT HOLD", "TEA ?LIGHT HOLDERS?",
                                     "TEALIGHT HOLDERS?", "CANDLE ?HOLDERS?", "CANDLEHOLDERS?",
                                     "CANDLE ?STICK(?! CANDLE)", "CANDLE PLATE", "VOTIVE HOLDER",
                                     "HURRICANE", "(?<!PAPER )LANTERNS?(?! FAIRY)",
                                     "HANGING GLASS ETCHED TEALIGHT", "TEALIGHT", "CANDLE STAND",
                                     "CANDLE RING", "CANDLEPOTS?", "CANDLESTAND", "T-LIGHT SETTING",
                                     "(?:GLASS|HANGING) T-LIGHT(?!S)", "T-LIGHT GLASS")),
    ("cake-stands-baking", _any("CAKE ?STANDS?", "CAKESTANDS?")),
    ("party-supplies", _any("PARTY CANDLES", "BIRTHDAY CANDLES?", "BIRTHDAY CANDLE SET")),
    ("candles-home-fragrance", _any("T-LIGHTS", "VOTIVE CANDLES?", "TEA ?LIGHTS", "TEALIGHTS",
                                    "CANDLES?", "INCENSE", "OIL BURNER", "POT POU?RRI",
                                    "SCENTED SACHETS?", "DIFFUSER", "MATCHES", "WAX MELTS?",
                                    "INCENSE/CANDLE", "FRAGRANCE OILS?", "SCENTED FLOWER",
                                    "SCENTED (?:FABRIC |HANGING )?HEART", "SCENT HEART")),
    ("lamps-string-lights", _any("(?<!T-)(?<!TEA )LIGHTS", "FAIRY LIGHT", "NIGHT ?LIGHT", "LAMP",
                                 "LAMPSHADES?", "SHADE", "BULB", "LAMP SHADE", "TORCH",
                                 "LIGHT (?:DECORATION|CHAIN|GARLAND)", "\\d+ ?LIGHTS?", "LIGHTBULB",
                                 "LIGHT BULB", "UBO-LIGHT", "MIRROR BALL",
                                 "DISCO BALL(?! CHRISTMAS)", "CHANDELIER",
                                 "(?:BEDSIDE|TABLE|PORTABLE|WALL|READING) LIGHT")),
    ("lunch-boxes-bags", _any("LUNCH ?BOX(?:ES)?", "LUNCH ?BAGS?", "SNACK BOX(?:ES)?",
                              "PICNIC BOX(?:ES)?", "SANDWICH BOX", "BOTTLE BAG", "LUNCHBOX")),
    ("party-supplies", _any("BALLOONS", "BALLOON (?:PUMP|ART|WATER BOMB)", "BUNTING",
                            "PAPER (?:CUPS|PLATES|NAPKINS|STRAWS)",
                            "(?:SET|PACK) OF \\d+ (?:\\w+ )*NAPKINS", "INVITES", "INVITATIONS",
                            "STRAWS", "CONFETTI", "COCKTAIL (?:PARASOLS|STICKS|SWORDS)", "PINATA",
                            "PAPER CHAIN", "HONEYCOMB",
                            "PARTY (?:BAGS?|CONES|CHARMS|SUNGLASSES|CANDLES)", "BIRTHDAY BANNER",
                            "PARASOLS", "PENNANT", "ROSETTE", "LEIS", "GRASS SKIRT", "SOMBRERO",
                            "POPCORN HOLDER", "FANCY DRESS", "CORDON")),
    ("cake-stands-baking", _any("CAKE CASES", "CUP ?CAKE CASES", "CASES", "BAKING", "MOULDS?",
                                "CUTTERS?", "ICING", "PIPING", "PETIT FOUR", "DOILIES",
                                "CAKE (?:FORKS?|SLICE|SLICER|SERVER|DOME|BOARD|COVER|TRAY)",
                                "ROLLING PIN", "PASTRY", "MUFFIN", "CUPCAKE (?:CASES|WRAPPERS)",
                                "CAKE DECORATIONS", "SPRINKLES", "EGG SEPARATOR", "CUPCAKE LACE")),
    ("hot-water-bottles-warmers", _any("HOT WATER BOTTLES?", "HOTTIE", "HAND WARMERS?", "WHEAT BAG",
                                       "HEAT PACK", "BOTTLE COVER", "POCKET WARMER")),
    ("mugs-cups-teaware", _any("MUGS?(?! WARMER)", "CUPS?(?! CAKE)", "BEAKERS?", "TEACUPS?",
                               "TEA ?CUP", "SAUCERS?", "TEAPOTS?", "TEA POT", "TEA SET",
                               "TEA FOR ONE", "COFFEE POT", "CAFETIERE", "TEA STRAINER",
                               "TUMBLERS?", "TEA COSY", "MUG WARMER", "FLASK", "COFFEE SET",
                               "GOBLETS?", "CHALICE",
                               "(?:MILKSHAKE|APERITIF|WINE|CHAMPAGNE|TEA|DOF|D O F|SHOT|DRINKING|COCKTAIL) GLASS(?:ES)?")),
    ("wash-bags-beauty", _any("COSMETICS? BAGS?", "WASH ?BAGS?", "MAKE ?UP (?:BAG|CASE)",
                              "SPONGE BAG", "LIP GLOSS", "LIPSTICK", "NAIL (?:FILE|POLISH|KIT)",
                              "MANICURE", "COMPACT MIRROR", "BALM", "PERFUME", "LOTION",
                              "VANITY (?:CASE|BAG)", "POWDER PUFF", "EMERY BOARDS?",
                              "JEWELLERY (?:ROLL|POUCH)", "SHOWER CAP")),
    ("jumbo-shopping-bags", _any("JUMBO (?:BAG|SHOPPER|STORAGE BAG)", "JUMBO  ?BAG", "SHOPPERS?",
                                 "SHOPPING BAGS?", "TOTE(?: BAG)?", "CHARLOTTE BAGS?",
                                 "RECYCLING BAG", "BEACH BAG", "STRING BAG", "PEG BAG", "CARRY BAG",
                                 "CANVAS BAG", "BOOK BAG", "BAG W HANDLE")),
    ("handbags-purses", _any("HANDBAGS?", "HAND BAGS?", "PURSES?", "SHOULDER BAGS?", "AIRLINE BAG",
                             "CABIN BAG", "OVERNIGHT BAG", "WEEKEND BAG", "KIDS BAG", "BUM BAG",
                             "SATCHEL", "RUCKSACK", "BACKPACK", "POCKET BAG", "EVENING BAG",
                             "CLUTCH", "COIN PURSE", "(?<!CARD )WALLET", "TASSLE BAG")),
    ("travel-accessories", _any("LUGGAGE TAGS?", "(?:VIP )?PASSPORT (?:COVER|HOLDER|WALLET)",
                                "CARD WALLET", "TRAVEL CARD", "TRAVEL (?:SEWING|FIRST AID)",
                                "TRAVEL (?:ALARM )?CLOCK", "NECK PILLOW", "PAPER POCKET")),
    ("keyrings-bag-charms", _any("KEY ?RINGS?", "KEYRINGS?", "KEY FOBS?", "BAG CHARMS?",
                                 "PHONE CHARMS?", "PHONE CHAR", "KEY-?CHAINS?", "CHARMS?")),
    ("rings-brooches-badges", _any("RINGS?(?! OF)", "BROOCH(?:ES)?", "CUFFLINKS", "BADGES?")),
    ("umbrellas-scarves-accessories", _any("UMBRELLAS?", "EDWARDIAN PARASOL",
                                           "PARASOL (?:BLACK|NATURAL|WHITE|RED|IVORY|PINK)",
                                           "SCARF", "SCARVES", "GLOVES?", "HATS?", "CAPS?",
                                           "PONCHO", "RAIN MAC", "MAC", "WELLIES", "WELLINGTONS?",
                                           "SUNGLASSES", "FANS?", "EAR MUFFS?", "HEADPHONES",
                                           "MITTENS", "SOCKS?", "SLIPPERS?", "BELT", "BOW TIE",
                                           "HANDKERCHIEFS?", "SHOPPING TROLLEY", "SPECTACLE CASE",
                                           "GLASSES CASE")),
    ("clocks", _any("CLOCKS?")),
    ("wall-art-signs", _any("SIGNS?", "WALL ART", "PLAQUES?", "NUMBER TILE", "POSTERS?",
                            "WALL (?:DECAL|STICKERS?|PICTURE|HANGING)", "DOOR HANGER",
                            "WALLHANGING", "CHALKBOARD", "BLACK ?BOARD", "ART PICTURE", "PRINTS?$",
                            "KITCHEN PRINT", "WOOD(?:EN)? (?:BLOCK )?LETTERS", "PAINTED LETTERS",
                            "WALL TILES?", "SLATE TILE", "FRIDGE MAGNETS?", "MAGNETS?",
                            "SILHOUETTE", "FLYING DUCKS")),
    ("frames-mirrors", _any("FRAMES?", "MIRRORS?", "PHOTO (?:CLIPS?|HOLDER|CUBE|ALBUM)", "ALBUMS?",
                            "STRING WITH \\d+ CLIPS", "MIRRORED")),
    ("stickers-craft-sewing", _any("PIN CUSHION", "PINCUSHION", "SEWING", "KNITTING",
                                   "CROCHET HOOK", "NEEDLES?", "NEEDLE SET", "THREAD", "BUTTON BOX",
                                   "SEW ON", "IRON ON", "PATCHES", "STENCIL", "STAMP SET", "STAMPS",
                                   "CRAFT KIT", "CARD KIT", "KIT CARDS", "DOLLY PEGS", "EMBROIDERY",
                                   "SCISSORS?", "MODELLING CLAY")),
    ("cushions-soft-furnishings", _any("CUSHIONS?", "CUSHION COVERS?", "C/COVER", "THROW",
                                       "BLANKET", "QUILT", "DOORMAT", "DOOR ?MAT", "MAT", "RUG",
                                       "CURTAIN", "FILLER PAD", "BEAN BAG", "BEDSPREAD", "PILLOW",
                                       "LAVENDER BAG", "DRAUGHT EXCLUDER", "POUFFE")),
    ("hooks-knobs-doorstops", _any("HOOKS?", "KNOBS?", "DRAWERKNOB", "COAT RACK", "HANGERS?",
                                   "DOORSTOPS?", "DOOR STOP", "CLOTHES PEGS", "PEGS", "TOWEL RAIL",
                                   "KEY HOLDER", "COAT HOOK", "HAT STAND", "COAT STAND",
                                   "DOOR HOOK", "RACK")),
    ("greeting-cards", _any("(?<!PLAYING )CARDS?(?! (?:HOLDER|WALLET|GAME|KIT))", "NOTELETS",
                            "POSTCARDS?", "GREETING CARD", "ENVELOPES?")),
    ("gift-wrap-bags-ribbons", _any("WRAPS?", "GIFT (?:WRAP|BAGS?|BOX(?:ES)?|TAGS?)", "TAGS?",
                                    "RIBBON REELS?", "RIBBONS", "TISSUE PAPER", "TISSUE REAM",
                                    "BOWS?", "CELLOPHANE", "PAPER BAGS?", "PANN?ETT?ONE",
                                    "GIFT SET")),
    ("notebooks-journals", _any("NOTEBOOKS?", "NOTE ?BOOKS?", "JOURNAL", "SKETCH ?BOOK",
                                "POCKET BOOK", "EXERCISE BOOKS?", "ADDRESS BOOK", "DIARY",
                                "MEMO (?:PAD|BOOK)", "NOTE ?PAD", "NOTEPAD", "CALENDAR",
                                "SCRAP ?BOOK", "PHOTO BOOK", "BOOK")),
    ("pens-pencils-desk", _any("PENS?", "PENCILS?", "PENCIL CASES?", "ERASERS?", "RUBBERS?",
                               "RULERS?", "SHARPENERS?", "CRAYONS?", "STATIONERY", "WRITING SET",
                               "PAPERWEIGHT", "P'WEIGHT", "TAPE", "STAPLER", "LETTER TRAY",
                               "BOOKMARKS?", "MEMO BOARD", "NOTICE BOARD", "PEN POT", "DESK TIDY",
                               "OFFICE", "CLIPS", "DRAWING PINS", "MEMO (?:HOLDER|CLIP)",
                               "HOLE PUNCH", "CALCULATOR", "TAPES", "NEWSPAPER STAND")),
    ("stickers-craft-sewing", _any("STICKERS?", "STICKER SHEET", "TATTOOS", "CRAFT", "KIT",
                                   "FELTCRAFT", "TRANSFER")),
    ("soft-toys-dolls", _any("SOFT TOYS?", "TEDDY", "DOLLS?", "RAG DOLL", "PLUSH", "PUPPETS?",
                             "KNITTED (?:HEN|BEAR|RABBIT|BUNNY|CHICKEN|MOUSE|OWL|CAT|DOG)",
                             "CROCHET (?:BEAR|DOG|RABBIT|BUNNY)", "BEAR", "MONSTER", "PONY",
                             "FELT FARM ANIMAL", "GEISHA GIRL")),
    ("toys-games", _any("TOYS?", "GAMES?", "JIGSAWS?", "PUZZLES?", "PLAYING CARDS", "MARBLES",
                        "SKIPPING ROPE", "SPINNING TOPS?", "DOMINOE?S", "BLOCKS", "KITES?",
                        "YO-?YO", "HARMONICA", "DRAWING SLATE", "PAINT SET", "PAINTING SET",
                        "COLOURING", "CHALK", "BUBBLES", "WATER PISTOL", "PLAYHOUSE", "DOLLS HOUSE",
                        "STRESS BALL", "SNAKES AND LADDERS", "LUDO", "BINGO", "GLIDERS?", "SPEAKER",
                        "BOOMBOX", "RACING CAR", "ROCKET", "SPACE (?:GUN|FROG|OWL)", "TRUMPET",
                        "DRUM", "XYLOPHONE", "SOLDIERS", "WOODEN (?:BOAT|TRAIN)", "SPINNING",
                        "SAND GECKO", "SWIRLY", "SLINKY", "BOUNCY", "HULA HOOP",
                        "MAGIC (?:DRAWING|TREE|SHEEP)", "DINOSAURS?", "ANIMAL MASKS?", "MASK",
                        "WINDMILL", "GUN", "POPPY'S PLAYHOUSE", "INFLATABLE", "SKITTLES",
                        "ROCKING HORSE", "CREEPY CRAWLIES?", "SNAKE SET", "NOUGHTS & CROSSES",
                        "SNAKES & LADDERS", "HELICOPTER", "GLOW IN (?:THE )?DARK", "CATCH CUP",
                        "SPORTING FUN", "BUILDING BLOCKS?", "SKIPPING", "TOOL SET", "RADIO")),
    ("baby-kids-room", _any("BABY", "BIBS?", "NURSERY", "MONEY BOX(?:ES)?", "MONEY BANK",
                            "PIGGY BANK", "CHANGING MAT", "CHILDS? (?:CHAIR|STOOL)", "TOY TIDY",
                            "MOBILE")),
    ("tableware", _any("PLATES?", "BOWLS?", "(?<!SOAP )DISH(?:ES)?", "CHARGER", "CUTLERY",
                       "PLACEMATS?", "PLACE ?MAT", "COASTERS?", "TRAYS?(?! TABLE)", "JUGS?",
                       "TABLE ?CLOTH", "TABLE RUN(?:NER)?", "TEASPOONS?", "SPOONS?", "FORKS?",
                       "KNIFE", "KNIVES", "EGG ?CUPS?", "SALT", "PEPPER", "CRUET", "PLATTERS?",
                       "TOAST RACK", "CONDIMENT", "DECANTER", "CARAFE",
                       "DRINKS? (?:COOLER|DISPENSER)", "BUTTER", "SUGAR BOWL", "SUGAR TONGS",
                       "NAPKIN", "EGG COSY", "EGG WARMER", "EGG HOLDER", "SERVING",
                       "ICE CREAM SUNDAE", "CAKE BOWL", "DINNER SET", "CHOPSTICKS", "PUDDING BOWL",
                       "BREAKFAST SET", "CADDY", "FRUIT BOWL")),
    ("kitchen-storage", _any("STORAGE JARS?", "JARS?", "CANN?ISTERS?", "BREAD BIN",
                             "BISCUIT (?:TIN|BARREL|JAR)", "CAKE TINS?", "STORAGE TINS?",
                             "STACKING TINS", "FOOD (?:COVERS?|CONTAINER)",
                             "RECIPE (?:BOX|BOOK BOX|CARDS?)", "TEA ?,? ?COFFEE ?,? ?SUGAR",
                             "SUGAR CADDY", "TEA CADDY", "BOTTLES?", "SPICE", "LARDER", "CLOCHE",
                             "BELL JAR", "CONTAINERS?", "SCOOP", "MILK BOTTLE", "TINS",
                             "SUGAR DISPENSER", "UTENSIL HOLDER", "JAM POT", "BISCUIT BIN",
                             "POT WITH LID")),
    ("kitchen-linen-utensils", _any("TEA TOWELS?", "APRONS?", "OVEN GLOVES?",
                                    "(?<!PLANT )POT HOLDERS?", "LADLE", "SPOON REST", "FRYING PAN",
                                    "MILK PAN", "PANS?", "SCALES?", "TIMER", "WASHING UP",
                                    "MEASURING", "CHOPPING BOARD", "BOTTLE OPENER", "CORKSCREW",
                                    "WHISK", "SPATULA", "SIEVE", "JAM MAKING", "JAM FUNNEL",
                                    "JAM JAR COVERS", "COOKING SET", "KITCHEN (?:ROLL|TIDY)",
                                    "SALAD SERVERS", "TONGS", "GRATER", "PESTLE", "MORTAR",
                                    "TEA INFUSER", "COCKTAIL SHAKER", "TOAST", "TOASTIE",
                                    "DISH ?CLOTH", "SCOURER", "COFFEE GRINDER", "HOT PLATE",
                                    "TRIVET", "POTATO", "EGG (?:PAN|POACHER)", "OVEN MITTS?",
                                    "COLANDER", "SQUEEZER", "CAKE CARRIER")),
    ("storage-boxes-baskets", _any("TRINKET (?:BOX(?:ES)?|POTS?|TRAYS?|DISH)",
                                   "JEWEL(?:LERY)? (?:BOX|STAND|TREE|CASE)",
                                   "STORAGE (?:BOX(?:ES)?|BAGS?|CUBE|CHEST|UNIT)", "BASKETS?",
                                   "TRUNKS?", "TREASURE (?:CHESTS?|TIN|BOOK BOX)", "BOOK BOX",
                                   "CHESTS?(?! OF DRAWERS)", "TIDY", "HOLDALL", "CRATES?",
                                   "HAT BOX", "SHOE BOX", "KEEPSAKE", "BOX(?:ES)? SET",
                                   "NESTING BOXES", "SET OF \\d+ (?:\\w+ )*BOXES", "PEN HOLDER",
                                   "MAGAZINE RACK", "WASTE ?PAPER BIN", "BIN", "ORGANISER",
                                   "SET/\\d+ (?:\\w+ )*BOXES")),
    ("bathroom-toiletries", _any("BATHROOM", "SOAPS?", "SOAP DISH", "(?<!TEA )TOWELS?", "FLANNEL",
                                 "TOILET", "SHOWER", "BATH", "SPONGE", "TISSUES?", "TISSUE BOX",
                                 "PLASTERS", "FIRST AID", "TOOTH ?BRUSH", "LAUNDRY", "WASHING LINE",
                                 "LOOFAH", "TOILETRY", "BATH SALTS", "IRONING BOARD", "WATER BASIN")),
    ("plant-pots-planters", _any("PLANT ?POTS?", "PLANTERS?", "FLOWER ?POTS?",
                                 "HERB (?:MARKERS?|POTS?)",
                                 "PLANT (?:CAGE|STAND|LABELS?|MARKERS?|HANGER)", "TERRARIUM",
                                 "GROW", "SEEDS?", "WINDOW BOX", "POT (?:SET|TRIO)", "POTS",
                                 "STRAWBERRY PLANTER", "BULB (?:POT|BOWL)", "FLYTRAP")),
    ("watering-garden-tools", _any("WATERING CANS?", "TROWEL",
                                   "GARDEN(?:ING)? (?:TOOLS?|GLOVES?|SET|KNEELER|KIT)", "KNEELING",
                                   "KNEELER", "TWINE", "SECATEURS", "SPADE", "RAKE", "WHEELBARROW",
                                   "POTTING SHED", "DIBBER", "GARDENERS?", "HOSE", "SPRAYER",
                                   "MISTER", "POLE SUPPORT", "PLANT SUPPORT")),
    ("bird-houses-feeders", _any("BIRD ?HOUSES?", "BIRDHOUSES?", "BIRD FEEDERS?", "FEEDERS?",
                                 "BIRD TABLE", "BIRD BATH", "NESTING BOX", "NEST BOX", "INSECT",
                                 "BUG HOTEL", "BEE HOUSE", "BUTTERFLY HOUSE", "BIRD CAGE",
                                 "BIRDCAGE")),
    ("outdoor-living-picnic", _any("PICNIC", "HAMMOCK", "BEACH", "BUCKET", "PARASOL", "DECKCHAIR",
                                   "BBQ", "BARBECUE", "WINDMILLS?", "CHIMES?", "WIND CHIME",
                                   "THERMOMETER", "HAMPER", "BICYCLE",
                                   "GARDEN (?:SIGN|ORNAMENT|STAKE|LIGHT|PARASOL|THERMOMETER|DECORATIONS?|MARKER|BRUSH|PLANT LADDER)",
                                   "DECORATIVE GARDEN", "CAMPING", "CAMPER", "SEASIDE", "FLY SWAT",
                                   "FLYSWAT", "CITRONELLA", "OUTDOOR", "GNOMES?", "WINDSOCK",
                                   "SANDCASTLE", "BICYCLE CLIPS")),
    ("small-furniture-shelving", _any("CABINETS?", "DRAWERS?(?! KNOB)", "DRAWER", "SHELF",
                                      "SHELVES", "SHELVING", "STOOLS?",
                                      "TABLES?(?! (?:DECORATION|LIGHT|LAMP|CLOTH|RUN|POT|CLOCK|MAT))",
                                      "CHAIRS?", "CHEST OF DRAWERS", "WARDROBE", "SCREEN", "BENCH",
                                      "BOOKCASE", "CUPBOARD", "DRESSER", "DESK", "CONSOLE",
                                      "SIDEBOARD", "SETTLE", "ETAGERE", "TV TRAY TABLE", "LADDER",
                                      "LOVE SEAT", "STORAGE CUBES", "PARTITION")),
    ("vases-artificial-flowers", _any("VASES?", "ART FLOWERS?", "ARTIFICIAL FLOWERS?",
                                      "FLOWER (?:STEMS?|SPRAY|BOUQUET|GARLAND)", "BOUQUET",
                                      "POSY VASE", "STEMS?", "ORCHID", "PEONY", "HYDRANGEA",
                                      "CHRYSANTHEMUMS?", "PAPER FLOWERS", "FLOWERS IN POT",
                                      "TOPIARY", "BOTTLE VASE", "PORCELAIN ROSE", "WOODEN DAISY",
                                      "FOXGLOVE")),
    # 3. themes, then broad words
    ("christmas-decorations", _CHRISTMAS),
    ("easter", _any("EASTER", "CHICKS?", "BUNNY", "BUNNIES", "HEN", "HENS", "EGGS?")),
    ("storage-boxes-baskets", _any("BOX(?:ES)?")),
    ("decorations-ornaments", _any("DECORATIONS?", "DECORATIVE", "HANGING", "ORNAMENTS?",
                                   "GARLANDS?", "WREATH", "MOBILE", "HEARTS?", "STARS?", "BIRDS?",
                                   "DOVE", "BUTTERFL(?:Y|IES)", "FEATHER", "SNOW ?GLOBE",
                                   "FIGURINES?", "STATUE", "SCULPTURE", "BUST", "PAPER LANTERN",
                                   "CHERUB", "ANGEL", "BELLS?", "ICICLE", "JEWEL", "STRING",
                                   "TRINKET", "ZINC", "SPIRAL", "PEBBLES?", "GEMS", "STONES",
                                   "CRYSTAL BALL", "LOVEBIRD", "ACRYLIC", "CLUSTER", "BIRD HOUSE",
                                   "PAINTED METAL", "SPRING", "BEADS?", "POODLE", "CAT", "OWL",
                                   "RABBIT", "PIG", "MUSHROOMS?", "TOADSTOOLS?", "CLAM SHELL",
                                   "BUDDHA", "HAND OPEN SHAPE", "SCOTTIE DOG", "DOLPHINS",
                                   "SHOE DECORATION", "PARTY", "FLAGS?", "HOME SWEET HOME")),
    ("storage-boxes-baskets", _any("CASE", "POT", "TINS?")),
    ("jumbo-shopping-bags", _any("BAGS?")),
)

CATEGORY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slug, re.compile(pattern)) for slug, pattern in _RULE_TEXT
)

# --- design ranges (brands) -----------------------------------------------------------------

# The retailer designs in named ranges; shoppers ask for "the Regency teacups" or "something
# Retrospot". Ordered, first match wins: specific ranges before the broad "Vintage" family.
_BRAND_TEXT: tuple[tuple[str, str], ...] = (
    ("Paisley Park", "PAISLEY PARK"),
    ("Vintage Christmas", "VINTAGE CHRISTMAS"),
    ("50's Christmas", "50'S CHRISTMAS"),
    ("Vintage Doily", "VINTAGE DOILY"),
    ("Vintage Leaf", "VINTAGE LEAF"),
    ("Vintage Paisley", "VINTAGE (?:ROSE |RED |PINK )?PAISLEY|PINK VINTAGE PAISLEY"),
    ("Heart of Wicker", "HEART OF WICKER"),
    ("Poppy's Playhouse", "POPPY'S PLAYHOUSE"),
    ("Dolly Girl", "DOLLY GIRL"),
    ("Spaceboy", "SPACEBOY"),
    ("Retrospot", "RETRO ?SPOT"),
    ("Regency", "REGENCY"),
    ("Woodland", "WOODLAND"),
    ("Skulls", "SKULLS?"),
    ("Jam Making", "JAM MAKING"),
    ("Baroque", "(?:NEW )?BAROQUE"),
    ("Alphabet", "ALPHABET"),
    ("Pantry", "PANTRY"),
    ("Sweetheart", "SWEETHEART"),
    ("Fairy Cake", "FAIRY CAKES?"),
    ("Scandinavian", "SCANDINAVIAN"),
    ("English Rose", "ENGLISH ROSE"),
    ("Circus Parade", "CIRCUS PARADE"),
    ("Charlie and Lola", r"CHARLIE ?(?:\+|AND|&) ?LOLA"),
    ("Babushka", "BABUSHKA"),
    ("Suki", "SUKI"),
    ("I Love London", "(?:I )?LOVE LONDON"),
    ("Union Jack", "UNION (?:JACK|FLAG)"),
    ("Cherry Blossom", "CHERRY BLOSSOM"),
    ("Tutti Frutti", "TUTTI FRUTTI"),
    ("Candy Spot", "CANDY SPOT"),
    ("Danish Rose", "DANISH ROSE"),
    ("Magic Garden", "MAGIC GARDEN"),
    ("Enchanted Forest", "ENCHANTED FOREST"),
    ("Tea Time", "TEA ?TIME"),
    ("King's Choice", "KINGS CHOICE"),
    ("Home Sweet Home", "HOME SWEET HOME"),
    ("Keep Calm", "KEEP CALM"),
    ("Botanical", "BOTANICAL"),
    ("Boudicca", "BOUDICCA"),
    ("Folk Art", "FOLK ?ART"),
    ("Feltcraft", "FELTCRAFT"),
    ("Cottage Garden", "COTTAGE GARDEN"),
    ("Love Bird", "LOVE ?BIRDS?"),
    ("Beach Hut", "BEACH HUT"),
    ("Parisienne", "PARISIENNE"),
    ("Rose du Sud", "ROSE DU SUD"),
    ("Diner", "DINER"),
    ("Edwardian", "EDWARDIAN"),
    ("Orbit", "ORBIT"),
    ("Strawberry", "STRAWBERRY"),
    ("Apples", "APPLES"),
    ("Gingham", "GINGHAM"),
    ("Polkadot", "POLKA ?DOTS?"),
    ("Vintage", "VINTAGE"),
)

BRAND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (brand, re.compile(rf"\b(?:{pattern})\b")) for brand, pattern in _BRAND_TEXT
)


# --- titles ---------------------------------------------------------------------------------


def matching_text(description: str) -> str:
    """The form of a title the keyword rules are written against: the cleaned title (set codes and
    abbreviations spelled out) in upper case, without punctuation."""
    text = _cased_title(description, keep_design_number=True).upper()
    text = re.sub(r"[,.*\"!()]", " ", text)
    return " ".join(text.split())


# Whole phrases rewritten before casing (applied to upper-case text, in order).
_TITLE_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bS/(\d+)\b", r"SET OF \1"),
    (r"\bSET ?/ ?(\d+)\b", r"SET OF \1"),
    (r"\bSET ?(\d+)\b", r"SET OF \1"),
    (r"\bSET OF(\d+)\b", r"SET OF \1"),
    (r"\bPACK ?/ ?(\d+)\b", r"PACK OF \1"),
    (r"\bPACK (\d+)\b", r"PACK OF \1"),
    (r"\bBOX ?/ ?(\d+)\b", r"BOX OF \1"),
    (r"\bM/COLOU?R\b", "MULTICOLOUR"),
    (r"\bC/COVER\b", "CUSHION COVER"),
    (r"\bW/SUCK\b", "WITH SUCKER"),
    (r"\bW/ ?", "WITH "),
    (r"(?<=[A-Z] )W(?= [A-Z0-9])", "WITH"),
    (r"\bNECKL\b\.? ?", "NECKLACE "),
    (r"\bLT\.", "LIGHT "),
    (r"(\d+\")(?=[A-Z])", r"\1 "),
    (r"\b(\d+) ?PC\b", r"\1 PIECE"),
    (r"\bN0\b", "NO"),
    (r"\bPHONE CHAR$", "PHONE CHARM"),
    (r"\bART DEC\b", "ART DECO"),
    (r"(?<=[A-Z]) S$", " SMALL"),  # "PAPER LANTERN 9 POINT HOLLY STAR S"
    (r"(?<=[A-Z]) L$", " LARGE"),
    (r"\bCAKESTAND", "CAKE STAND"),
    (r"\bCANDLEHOLDER", "CANDLE HOLDER"),
    (r"\bSQUARECUSHION\b", "SQUARE CUSHION"),
    (r"\bBLACKCHRISTMAS\b", "BLACK CHRISTMAS"),
    (r"\s*\+\s*", " & "),
    (r"\s*,\s*", ", "),
)

# The retailer's abbreviations and misspellings, as whole words.
_WORD_FIXES: Mapping[str, str] = {
    "ASSTD": "Assorted", "ASST": "Assorted", "ASS": "Assorted", "COL": "Colour", "DES": "Design",
    "ANT": "Antique", "B'FLY": "Butterfly", "P'WEIGHT": "Paperweight", "CHILDRENS": "Children's",
    "CHILDS": "Child's", "MED": "Medium", "LT": "Light", "RND": "Round", "SQU": "Square",
    "GARLD": "Garland", "TURQ": "Turquoise", "TURQUOIS": "Turquoise", "WHT": "White",
    "BLK": "Black", "WHIT": "White", "NAT": "Natural", "XMAS": "Christmas", "CHOC": "Chocolate",
    "DEC": "Decoration", "HOLD": "Holder", "MULTICOL": "Multicolour", "TRADTIONAL": "Traditional",
    "CINAMMON": "Cinnamon", "PANNETONE": "Panettone", "STRAWBERY": "Strawberry",
    "TASSLE": "Tassel", "FUSCHIA": "Fuchsia", "CANNISTER": "Canister", "SIL'T": "Silhouette",
    "B'DRAW": "Bedroom Drawer", "LGE": "Large", "SML": "Small", "POURI": "Pourri",
    "HLDR": "Holder", "ARTIIFCIAL": "Artificial", "SKIPPPING": "Skipping", "BRACLET": "Bracelet",
    "ROCCOCO": "Rococo", "CHOCOLATECANDLE": "Chocolate Candle", "VIPPASSPORT": "VIP Passport",
    "NAUGHTS": "Noughts", "PHOTOFRAME": "Photo Frame", "MEMOBOARD": "Memo Board",
    "DOORSIGN": "Door Sign", "TOASTRACK": "Toast Rack", "FRUITBOWL": "Fruit Bowl",
    "WINDCHIME": "Wind Chime", "HAIRCLIP": "Hair Clip", "HAIRCLIPS": "Hair Clips",
    "NECKLAC": "Necklace", "FLOWE": "Flower", "FLOWR": "Flower", "VINT": "Vintage",
    "PAISELY": "Paisley", "BUTTERFL": "Butterfly", "RASPBERR": "Raspberry", "DIAMON": "Diamond",
    "BAROQUECANDLESTICK": "Baroque Candlestick", "STOPMETAL": "Stop Metal",
    "SMALLFOLKART": "Small Folkart", "BLACKBLUE": "Black/Blue", "PINKWHITE": "Pink/White",
}
_ACRONYMS = frozenset({"LED", "USB", "TV", "CD", "DVD", "UK", "USA", "US", "A3", "A4", "A5", "A6",
                       "A7", "3D", "DIY", "ABC", "NYC", "OK", "XL", "BBQ", "SOS", "UFO", "MP3", "DOF", "VIP",
                       "MOP", "II", "III", "IV"})
_SMALL_WORDS = frozenset({"A", "AN", "AND", "OF", "IN", "WITH", "THE", "FOR", "ON", "TO", "OR",
                          "AT", "BY", "DE", "DU", "FROM"})
_UNIT = re.compile(r"^\d+(?:\.\d+)?(?:X\d+(?:\.\d+)?)?(?:CM|MM|G|KG|ML|L|M|W|IN|CMX\d+CM)?$|"
                   r"^\d+(?:ST|ND|RD|TH)$|^\d+X\d+(?:CM|MM)?$|^\d+CMX\d+CM$")


def _case_word(word: str) -> str:
    """Case one run of letters, digits and apostrophes ("CHILDREN'S", "50'S", "40X40CM")."""
    upper = word.upper()
    if upper in _WORD_FIXES:
        return _WORD_FIXES[upper]
    if upper in _ACRONYMS or len(upper) == 1:
        return upper
    if _UNIT.match(upper):
        return upper.lower()
    if "'" in word:
        head, *tail = upper.split("'")
        parts = [head.capitalize()] + [part.lower() if len(part) <= 2 else part.capitalize() for part in tail]
        return "'".join(parts)
    if upper[0].isdigit():
        return upper.lower()
    return upper.capitalize()


def title_case(description: str) -> str:
    """A clean shop title from the retailer's upper-case description.

    "WHITE HANGING HEART T-LIGHT HOLDER" -> "White Hanging Heart T-Light Holder",
    "S/4 VALENTINE DECOUPAGE HEART BOX" -> "Set of 4 Valentine Decoupage Heart Box".
    """
    return _cased_title(description, keep_design_number=False)


# The boxed Christmas card packs end in a 5-digit design number ("SET 10 CARDS XMAS CHOIR 17068"):
# useful to classify them, noise in a title.
_CARD_DESIGN_NUMBER = re.compile(r"^(SET (?:OF )?\d+ .*?)\s+1[67]\d{3}$")


def _cased_title(description: str, *, keep_design_number: bool) -> str:
    text = " ".join(description.split()).strip(" .,*-").upper()
    if not keep_design_number:
        text = _CARD_DESIGN_NUMBER.sub(r"\1", text)
    for pattern, replacement in _TITLE_REWRITES:
        text = re.sub(pattern, replacement, text)
    words = []
    for position, token in enumerate(text.split()):
        if position > 0 and token in _SMALL_WORDS:
            words.append(token.lower())
        elif token in _WORD_FIXES:
            words.append(_WORD_FIXES[token])
        else:
            words.append(re.sub(r"[A-Z0-9']+", lambda match: _case_word(match.group()), token))
    return " ".join(words).strip(" ,.")


# --- attributes -----------------------------------------------------------------------------

_COLOURS: tuple[tuple[str, str], ...] = (
    ("Multicolour", r"MULTI ?COLOU?RE?D?|MULTICOL|ASSORTED COLOU?RS?|RAINBOW"),
    ("Red", r"RED(?! RIDING)|SCARLET|RUBY|CRIMSON|BURGUNDY"),
    ("Pink", r"PINK|ROSE PINK|FUCHSIA|FUSCHIA|MAGENTA"),
    ("Blue", r"BLUE|NAVY|AQUA"),
    ("Turquoise", r"TURQUOISE|TURQ|TEAL"),
    ("Green", r"GREEN|EAU DE NILE?|MINT|LIME|PISTACHIO|OLIVE|JADE"),
    ("White", r"WHITE(?! CHOC)|WHT|WHIT"),
    ("Ivory", r"IVORY"),
    ("Cream", r"(?<!ICE )CREAM"),
    ("Black", r"BLACK|BLK|JET BLACK"),
    ("Silver", r"SILVER"),
    ("Gold", r"GOLD"),
    ("Pastel", r"PASTELS?"),
    ("Purple", r"PURPLE|LILAC|LAVENDER BLUE|VIOLET|PLUM"),
    ("Yellow", r"YELLOW|LEMON"),
    ("Orange", r"ORANGE(?! (?:SCENT|WREATH|&))"),
    ("Brown", r"BROWN"),
    ("Grey", r"GREY|GRAY"),
    ("Natural", r"NATURAL"),
)
_MATERIALS: tuple[tuple[str, str], ...] = (
    ("Glass", r"GLASS(?!ES)"), ("Wood", r"WOOD|WOODEN"), ("Zinc", r"ZINC"),
    ("Metal", r"METAL|WIRE|TIN PLATE"), ("Iron", r"CAST IRON|IRON(?! ON)"),
    ("Ceramic", r"CERAMIC|STONEWARE|EARTHENWARE"), ("Porcelain", r"PORCELAIN|BONE CHINA"),
    ("Enamel", r"ENAMEL"), ("Paper", r"PAPER"), ("Felt", r"FELT"), ("Wicker", r"WICKER|RATTAN"),
    ("Cotton", r"COTTON"), ("Linen", r"LINEN"), ("Jute", r"JUTE|HESSIAN"), ("Canvas", r"CANVAS"),
    ("Velvet", r"VELVET"), ("Silk", r"SILK"), ("Bamboo", r"BAMBOO"), ("Slate", r"SLATE"),
    ("Leather", r"LEATHER"), ("Rubber", r"RUBBER(?= \w)"), ("Shell", r"SHELLS?"), ("Resin", r"RESIN"),
    ("Acrylic", r"ACRYLIC"), ("Plastic", r"PLASTIC"), ("Crystal", r"CRYSTAL"),
    ("Raffia", r"RAFFIA"), ("Lace", r"LACE"), ("Wool", r"WOOL|WOOLLY|WOOLEN"),
    ("Melamine", r"MELAMINE"), ("Terracotta", r"TERRACOTTA"), ("Copper", r"COPPER"),
    ("Brass", r"BRASS"), ("Polyester", r"POLYESTER"), ("Sequins", r"SEQUINS?"),
)
_SIZES: tuple[tuple[str, str], ...] = (
    ("Mini", r"MINI|MINIATURE"), ("Small", r"SMALL|SML|S$"), ("Medium", r"MEDIUM|MED|M$"),
    ("Large", r"LARGE|LGE|BIG|L$"), ("Jumbo", r"JUMBO|GIANT"),
)


def _compile_words(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((value, re.compile(rf"\b(?:{pattern})\b")) for value, pattern in table)


_COLOUR_RULES = _compile_words(_COLOURS)
_MATERIAL_RULES = _compile_words(_MATERIALS)
_SIZE_RULES = _compile_words(_SIZES)


def _found_in_order(text: str, rules: tuple[tuple[str, re.Pattern[str]], ...]) -> list[str]:
    positions = {}
    for value, pattern in rules:
        match = pattern.search(text)
        if match and value not in positions:
            positions[value] = match.start()
    return sorted(positions, key=positions.__getitem__)


def attributes_for(description: str) -> dict[str, str]:
    """Typed attributes named in the title: "colour", "material", "size"; only those found.

    Two colours or materials read "Black/Blue"; three or more colours are "Multicolour".
    """
    text = matching_text(description)
    attributes: dict[str, str] = {}
    colours = _found_in_order(text, _COLOUR_RULES)
    if "Multicolour" in colours or len(colours) > 2:
        attributes["colour"] = "Multicolour"
    elif colours:
        attributes["colour"] = "/".join(colours)
    materials = _found_in_order(text, _MATERIAL_RULES)
    if materials:
        attributes["material"] = "/".join(materials[:2])
    sizes = _found_in_order(text, _SIZE_RULES)
    if sizes:
        attributes["size"] = sizes[0]
    return attributes


# --- descriptions ---------------------------------------------------------------------------

_PROPER_WORDS = frozenset({"Christmas", "Easter", "London", "English", "French", "Scandinavian",
                           "Victorian", "Edwardian", "Georgian", "Moroccan", "Paris", "Union", "Jack",
                           "I", "Valentine", "Valentine's", "Danish", "Indian", "Chinese", "Japanese",
                           "Mexican", "Spanish", "Swiss", "Bakelike", "Elvis", "Monroe", "St",
                           "George", "Tuscan", "Kashmir", "Murano", "Regency", "Baroque", "Santa", "Rudolph"})
_NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six"}
_FILLER = re.compile(r"\b(?:DESIGNS?|PATTERN|COLOU?RS?|STYLE)\b", re.IGNORECASE)
_COLOUR_MODIFIER = r"(?:(?:DUSTY|PALE|LIGHT|DARK|SKY|HOT|BABY|MIDNIGHT|JET|DEEP|SOFT|BRIGHT|ANTIQUE|ROSE) )?"

# Titles often read TYPE + DESIGN ("WRAP DAISY CARPET", "LUNCH BAG SUKI DESIGN"): the words after
# one of these leading product types name the design.
_LEADING_TYPE = re.compile(
    r"^(?:(?:set|pack|box) of \d+ )?(?:wrap|roll wrap|cards?|greeting card|jumbo (?:bag|shopper|storage bag)"
    r"|lunch (?:bag|box)|charlotte bag|keepsake box|storage tin|storage box|snack tray|tv dinner tray"
    r"|paper chain kit|magic drawing slate|mini jigsaw|(?:mini )?playing cards|wall art|metal sign"
    r"|doormat|hot water bottle|hand warmer|travel card wallet|ribbon reel|gift bag|tea towels?"
    r"|coffee mug|cake stand|number tile|paper bunting|money box|treasure tin|doorstop|photo frame"
    r"|landmark frame|frying pan|milk pan|egg cup|party invites|baking mould|drawer knob|cushion cover"
    r"|toy tidy|children's cutlery|folding umbrella|rain poncho|party pizza dish|mirrored wall art"
    r"|cake cases|paper doilies|doilies|biscuit tin|recipe box|passport cover|luggage tag|apron"
    r"|calendar|alarm clock|wall clock|notebook|washbag|wash bag|shopper bag|tote bag|picnic bag)\b"
)


def _lower_noun(phrase: str) -> str:
    words = []
    for word in re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " and ", phrase).split():
        if word.upper() in _ACRONYMS or word in _PROPER_WORDS or "." in word or '"' in word:
            words.append(word)
        elif re.match(r"^[A-Z]-", word):  # "T-Light" -> "T-light"
            words.append(word[:2] + word[2:].lower())
        else:
            words.append(word.lower())
    return " ".join(words)


def _article(phrase: str) -> str:
    first, last = phrase.split()[0].lower(), phrase.split()[-1].lower()
    if first in {"set", "pack", "box", "bag", "pair", "tube", "roll", "bundle"} and len(phrase.split()) > 2:
        return "a "
    uncountable = last in {"cutlery", "bunting", "confetti", "twine", "tape", "wrap", "art"}
    verb = first in {"grow", "paint", "make", "keep", "save", "hand"}
    if uncountable or verb or first[0].isdigit() or (last.endswith("s") and not last.endswith(("ss", "us", "'s"))):
        return ""
    return "an " if first[0] in "aeio" else "a "


def _take(pattern: str, text: str) -> tuple[list[str], str]:
    """The phrases `pattern` finds in `text` (in title order), and the text without them."""
    found = [match.group() for match in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return found, re.sub(pattern, " ", text, flags=re.IGNORECASE)


def _tidy(text: str) -> str:
    text = re.sub(r"\s*/\s*(?=\s|$)|(?<=\s)/\s*|^\s*/", " ", text)  # a slash left between removed words
    text = " ".join(text.split()).strip(" ,&-")
    return re.sub(r"^(?:and|with|in|of|&)\s+|\s+(?:and|with|in|of|&)$", "", text, flags=re.IGNORECASE).strip()


def _attribute_pattern(table: tuple[tuple[str, str], ...], prefix: str = "") -> str:
    return r"\b" + prefix + r"(?:" + "|".join(pattern for _, pattern in table) + r")\b"


_COLOUR_PHRASE = _attribute_pattern(_COLOURS, _COLOUR_MODIFIER)
_MATERIAL_PHRASE = _attribute_pattern(_MATERIALS)
# "jumbo" stays with the noun: a jumbo bag is a kind of bag, not a big bag
_SIZE_PHRASE = _attribute_pattern(tuple(row for row in _SIZES if row[0] != "Jumbo"))


def describe(description: str, *, brand: str | None) -> str:
    """One truthful sentence from what the title says: range, size, colour, material, the item.

    "LUNCH BAG RED RETROSPOT" -> "From the Retrospot range: a red lunch bag."
    "WRAP DAISY CARPET" -> "Gift wrap in the Daisy Carpet design."
    Only words of the title are used, reordered; nothing is added that the title does not say.
    """
    title = title_case(description)
    if not title:
        return ""
    tiers = re.search(r"\b(\d) Tiers?\b", title)
    if tiers:
        title = _tidy(title.replace(tiers.group(), " "))
    brand_phrase = dict(BRAND_RULES)[brand].pattern if brand else r"(?!x)x"

    # A size or colour named after the item ("LUNCH BAG RED") moves in front of it.
    attribute = f"{_SIZE_PHRASE}|{_COLOUR_PHRASE}|{_MATERIAL_PHRASE}"
    movable = f"{_SIZE_PHRASE}|{_COLOUR_PHRASE}"
    trailing = re.search(rf"(?:[\s/]+(?:{movable}|{brand_phrase}|{_FILLER.pattern}))+$", title, re.IGNORECASE)
    head, tail = (title[:trailing.start()], trailing.group()) if trailing and trailing.start() else (title, "")
    sizes, tail = _take(_SIZE_PHRASE, tail)
    colours, tail = _take(_COLOUR_PHRASE, tail)
    range_in_tail = _tidy(_FILLER.sub(" ", tail))

    lead = re.match(rf"^(?:(?:{attribute})\s+)*", head, re.IGNORECASE)
    prefix, core = head[:lead.end()], head[lead.end():]
    noun, design = _split_design(_lower_noun(core))
    if not design:
        without_range = _tidy(re.sub(brand_phrase, " ", core, flags=re.IGNORECASE))
        noun, design = _split_design(_lower_noun(without_range or core))
    if design:
        design = _tidy(f"{design} {range_in_tail}")
    noun = _tidy(f"{_lower_noun(prefix)} {noun}") or _lower_noun(title)
    if noun in {"wrap", "roll wrap"}:
        noun = "gift " + noun

    adjectives = [phrase.lower() for phrase in sizes[:1]]
    adjectives += [" and ".join(phrase.lower() for phrase in colours)] if colours else []
    # "a set of 3 red baskets", not "a red set of 3 baskets"
    quantity = re.match(r"^((?:set|pack|box|bag|bundle|tube|roll) of \d+ )(.+)$", noun)
    if noun[:1].isdigit():
        phrase = noun + (", in " + " ".join(adjectives) if adjectives else "")
    elif quantity:
        phrase = quantity.group(1) + " ".join(adjectives + [quantity.group(2)])
    else:
        phrase = " ".join(adjectives + [noun])
    sentence = (_article(phrase) + phrase).rstrip(" .")
    if design:
        sentence += f" in the {_title_words(design)} design"
    if tiers:
        count = tiers.group(1)
        sentence += f" with {_NUMBER_WORDS.get(count, count)} tiers"
    if brand:
        return f"From the {brand} range: {sentence}."
    return sentence[0].upper() + sentence[1:] + "."


def _split_design(noun: str) -> tuple[str, str]:
    """("gift wrap", "daisy carpet") for "wrap daisy carpet"; (noun, "") when no design follows."""
    leading = _LEADING_TYPE.match(noun)
    if not leading:
        return noun, ""
    rest = noun[leading.end():].split()
    if not rest or rest[0] in {"with", "and", "in", "for", "of", "&", "on"}:
        return noun, ""
    design = _tidy(" ".join(rest))
    return leading.group(), design


def _title_words(phrase: str) -> str:
    return " ".join(word if word[:1].isupper() or word in {"and", "of", "the", "on", "in", "with"}
                    else word[:1].upper() + word[1:] for word in phrase.split())


def category_tree() -> tuple[CategoryNode, ...]:
    """Departments and their sub-categories, parents before children."""
    return CATEGORY_TREE


def classify(description: str) -> str:
    """The leaf category slug for a product title; the first matching rule in CATEGORY_RULES wins."""
    text = matching_text(description)
    for category_slug, pattern in CATEGORY_RULES:
        if pattern.search(text):
            return category_slug
    return CATCH_ALL_CATEGORY


def brand_for(description: str) -> str | None:
    """The design range a product belongs to (shoppers shop these ranges), or None."""
    text = matching_text(description)
    for brand, pattern in BRAND_RULES:
        if pattern.search(text):
            return brand
    return None


# --- dimensions and weight ------------------------------------------------------------------

# Typical packed size per category: (length_mm, width_mm, height_mm, weight_grams).
_TYPICAL_SIZE: Mapping[str, tuple[int, int, int, int]] = {
    "wall-art-signs": (300, 200, 10, 450),
    "clocks": (300, 300, 50, 900),
    "frames-mirrors": (250, 200, 20, 500),
    "cushions-soft-furnishings": (450, 450, 40, 350),
    "hooks-knobs-doorstops": (120, 60, 50, 150),
    "decorations-ornaments": (150, 100, 30, 90),
    "small-furniture-shelving": (450, 300, 500, 4500),
    "vases-artificial-flowers": (400, 100, 100, 150),
    "mugs-cups-teaware": (120, 90, 100, 350),
    "cake-stands-baking": (250, 250, 150, 600),
    "lunch-boxes-bags": (250, 180, 120, 250),
    "tableware": (260, 260, 40, 450),
    "kitchen-storage": (180, 180, 200, 600),
    "kitchen-linen-utensils": (350, 200, 30, 200),
    "christmas-decorations": (120, 100, 40, 60),
    "christmas-trees-lights": (400, 200, 150, 600),
    "christmas-cards-wrap": (200, 150, 20, 150),
    "easter": (150, 120, 80, 100),
    "jumbo-shopping-bags": (500, 400, 10, 150),
    "handbags-purses": (280, 120, 200, 350),
    "storage-boxes-baskets": (300, 250, 200, 700),
    "travel-accessories": (140, 100, 10, 60),
    "greeting-cards": (170, 125, 5, 40),
    "gift-wrap-bags-ribbons": (500, 70, 70, 120),
    "notebooks-journals": (210, 150, 15, 200),
    "pens-pencils-desk": (180, 60, 30, 80),
    "stickers-craft-sewing": (250, 180, 30, 150),
    "toys-games": (250, 180, 60, 300),
    "soft-toys-dolls": (300, 150, 120, 250),
    "party-supplies": (250, 180, 40, 150),
    "baby-kids-room": (200, 150, 80, 200),
    "candle-holders-lanterns": (120, 120, 150, 350),
    "candles-home-fragrance": (100, 100, 120, 300),
    "lamps-string-lights": (300, 200, 200, 700),
    "necklaces-pendants": (120, 80, 20, 50),
    "earrings": (80, 50, 15, 20),
    "bracelets-bangles": (100, 80, 20, 40),
    "rings-brooches-badges": (60, 50, 25, 20),
    "hair-accessories": (90, 50, 20, 25),
    "keyrings-bag-charms": (110, 60, 20, 40),
    "umbrellas-scarves-accessories": (300, 150, 60, 250),
    "hot-water-bottles-warmers": (350, 220, 60, 450),
    "bathroom-toiletries": (180, 120, 80, 200),
    "wash-bags-beauty": (200, 130, 60, 180),
    "plant-pots-planters": (200, 200, 180, 800),
    "watering-garden-tools": (400, 150, 300, 700),
    "bird-houses-feeders": (250, 180, 250, 700),
    "outdoor-living-picnic": (450, 300, 250, 1500),
    "pet-accessories": (220, 220, 80, 400),
    "novelty-gadgets": (150, 100, 80, 250),
    "everything-else": (200, 150, 100, 300),
}

_SIZE_SCALE: Mapping[str, Decimal] = {
    "Mini": Decimal("0.55"),
    "Small": Decimal("0.8"),
    "Medium": Decimal("1"),
    "Large": Decimal("1.3"),
    "Jumbo": Decimal("1.6"),
}


def _hash_unit(text: str) -> Decimal:
    """A deterministic number in [0, 1) from `text` (no global random state)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)


def dimensions_for(
    stock_code: str, category_slug: str, *, size: str | None = None
) -> tuple[int, int, int, int]:
    """Plausible (length_mm, width_mm, height_mm, weight_grams) for a product of this category.

    Synthetic: the category's typical packed size, scaled by the size named in the title, with a
    deterministic +-20 % jitter per dimension from a hash of the stock code.
    """
    base = _TYPICAL_SIZE[category_slug]
    scale = _SIZE_SCALE.get(size or "", Decimal(1))
    result = []
    for index, typical in enumerate(base):
        jitter = Decimal("0.8") + Decimal("0.4") * _hash_unit(f"{stock_code}:{index}")
        # weight grows with the footprint, not with each dimension
        factor = scale * scale if index == 3 else scale
        value = (Decimal(typical) * factor * jitter).quantize(Decimal(1), ROUND_HALF_UP)
        result.append(max(int(value), 1))
    return tuple(result)  # type: ignore[return-value]


# --- GTIN -----------------------------------------------------------------------------------


def _ean13_check_digit(first_twelve: str) -> str:
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and _ean13_check_digit(code[:12]) == code[12]


def gtin_for(stock_code: str, *, attempt: int = 0) -> str:
    """A deterministic EAN-13 for a stock code in the GS1 restricted-circulation range (prefix 2).

    Restricted-circulation numbers are meant for a company's internal numbering, so they never
    clash with a real manufacturer's barcode. `attempt` > 0 gives the alternatives used to resolve
    a collision (see assign_gtins).
    """
    salt = stock_code.upper() if attempt == 0 else f"{stock_code.upper()}#{attempt}"
    number = int.from_bytes(hashlib.sha256(salt.encode("utf-8")).digest()[:8], "big")
    first_twelve = "2" + f"{number % 10**11:011d}"
    return first_twelve + _ean13_check_digit(first_twelve)


def assign_gtins(stock_codes: Iterable[str]) -> dict[str, str]:
    """A unique GTIN per stock code: codes are served in sorted order, a later code that collides
    with an earlier one takes its next alternative (deterministic for a given set of codes)."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for stock_code in sorted(set(stock_codes)):
        attempt = 0
        gtin = gtin_for(stock_code)
        while gtin in taken:
            attempt += 1
            gtin = gtin_for(stock_code, attempt=attempt)
        taken.add(gtin)
        result[stock_code] = gtin
    return result


# --- from invoice lines to products ---------------------------------------------------------

# Stock codes that are charges, fees or bookkeeping, not goods (compared upper-case).
NON_PRODUCT_STOCK_CODES = frozenset(
    {"POST", "DOT", "M", "D", "C2", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"}
)
_GIFT_VOUCHER_CODE = re.compile(r"^GIFT_\d{4}_\d+$")

# Charges and bookkeeping lines that sometimes sit under a product-like stock code.
_BOOKKEEPING_DESCRIPTION = re.compile(
    r"^(?:NEXT DAY )?CARRIAGE$|POSTAGE|^MANUAL$|DISCOUNT|AMAZON FEE|BANK CHARGES|COMMISSION|"
    r"^SAMPLES$|GIFT VOUCHER|HIGH RESOLUTION IMAGE|PACKING CHARGE|ADJUST BAD DEBT",
    re.IGNORECASE,
)
# Warehouse notes ("Damaged", "Found", "wet pallet", "sold as set on dotcom"). They are never in
# the upper case of a product name, so only mixed- and lower-case text is checked for these words.
_WAREHOUSE_NOTE = re.compile(
    r"\b(?:DAMAGE[DS]?|WET|CHECK|FOUND|MISSING|THROWN|THROW AWAY|SMASHED|CRUSHED|BROKEN|CRACKED|"
    r"FAULTY|RUSTY|MOULDY|UNSALEABLE|DESTROYED|LOST|RETURNED|MIXED UP|WRONG\w*|INCORRECT\w*|"
    r"AMAZON|EBAY|DOTCOM|DISPLAY|SHOWROOM|COUNTED|TEST|SOLD|GIVEN AWAY|ADJUST\w*|RCVD|BARCODE|"
    r"MYSTERY|SAMPLES|DAGAMED|INVC|PUT ASIDE|ERROR|BREAKAGES|MARKED|JOHN LEWIS)\b",
    re.IGNORECASE,
)


def is_product_stock_code(stock_code: str) -> bool:
    code = stock_code.strip().upper()
    return bool(code) and code not in NON_PRODUCT_STOCK_CODES and not _GIFT_VOUCHER_CODE.match(code)


def is_product_description(description: str) -> bool:
    """False for empty text, warehouse notes ("?", "wet damaged", "Found") and charges."""
    text = " ".join(description.split())
    if not text or text == text.lower() or _BOOKKEEPING_DESCRIPTION.search(text):
        return False
    return text == text.upper() or not _WAREHOUSE_NOTE.search(text)


def _price_pence(unit_price: object) -> int | None:
    try:
        pounds = Decimal(str(unit_price).strip())
    except InvalidOperation:
        return None
    return int((pounds * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _iso_date(invoice_date: str) -> str:
    text = invoice_date.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    us_style = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", text)  # UCI's own export: 12/1/2010 8:26
    if not us_style:
        raise ValueError(f"unreadable InvoiceDate {invoice_date!r}")
    month, day, year = us_style.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _median_pence(prices_pence: list[int]) -> int:
    median = Decimal(str(statistics.median(prices_pence)))
    return int(median.quantize(Decimal(1), ROUND_HALF_UP))


RETAIL_QUANTITIES = range(1, 12)  # many customers are wholesalers; 1-11 units is a shopper's basket


@dataclass
class _Sales:
    descriptions: Counter
    retail_prices_pence: list[int]
    all_prices_pence: list[int]
    invoices: set[str]
    units_sold: int = 0
    first_sold: str = "9999-12-31"


def build_catalog(rows: Iterable[Mapping[str, object]]) -> list[CatalogEntry]:
    """One entry per real product from raw invoice rows, sorted by stock code.

    A sale is a line of a normal (all-digit) invoice with a positive quantity and price and a
    product stock code and description; cancellations ("C...") and adjustments ("A...") never
    count. Stock codes are compared upper-case ("85123a" is "85123A").
    """
    sales: dict[str, _Sales] = {}
    for row in rows:
        invoice = str(row["InvoiceNo"]).strip()
        stock_code = str(row["StockCode"]).strip().upper()
        description = " ".join(str(row.get("Description") or "").split())
        quantity = int(row["Quantity"])
        price_pence = _price_pence(row["UnitPrice"])
        if not invoice.isdigit() or quantity <= 0 or price_pence is None or price_pence <= 0:
            continue
        if not is_product_stock_code(stock_code) or not is_product_description(description):
            continue
        product = sales.get(stock_code)
        if product is None:
            product = sales[stock_code] = _Sales(Counter(), [], [], set())
        product.descriptions[description] += 1
        product.all_prices_pence.append(price_pence)
        if quantity in RETAIL_QUANTITIES:
            product.retail_prices_pence.append(price_pence)
        product.invoices.add(invoice)
        product.units_sold += quantity
        product.first_sold = min(product.first_sold, _iso_date(str(row["InvoiceDate"])))

    gtins = assign_gtins(sales)
    entries = []
    for stock_code in sorted(sales):
        product = sales[stock_code]
        # most frequent wording; ties go to the one seen first (Counter keeps insertion order)
        raw_description = product.descriptions.most_common(1)[0][0]
        entries.append(_entry(stock_code, raw_description, product, gtins[stock_code]))
    return entries


def _entry(stock_code: str, raw_description: str, product: _Sales, gtin: str) -> CatalogEntry:
    category_slug = classify(raw_description)
    brand = brand_for(raw_description)
    attributes = attributes_for(raw_description)
    length_mm, width_mm, height_mm, weight_grams = dimensions_for(
        stock_code, category_slug, size=attributes.get("size")
    )
    return CatalogEntry(
        stock_code=stock_code,
        title=title_case(raw_description),
        description=describe(raw_description, brand=brand),
        category_slug=category_slug,
        brand=brand,
        attributes=attributes,
        price_minor=_median_pence(product.retail_prices_pence or product.all_prices_pence),
        units_sold=product.units_sold,
        order_count=len(product.invoices),
        first_sold=product.first_sold,
        length_mm=length_mm,
        width_mm=width_mm,
        height_mm=height_mm,
        weight_grams=weight_grams,
        gtin=gtin,
    )


# --- the shipped file -----------------------------------------------------------------------

_COLUMNS = [field.name for field in fields(CatalogEntry)]
_INTEGER_COLUMNS = {
    "price_minor", "units_sold", "order_count", "length_mm", "width_mm", "height_mm", "weight_grams",
}


def write_catalog(entries: Iterable[CatalogEntry], path: str | Path) -> None:
    """Gzip CSV, one row per entry, attributes as a JSON object; byte-identical for equal input."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = {name: getattr(entry, name) for name in _COLUMNS}
        row["brand"] = entry.brand or ""
        row["attributes"] = json.dumps(entry.attributes, sort_keys=True, ensure_ascii=False)
        writer.writerow(row)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(buffer.getvalue().encode("utf-8"))


def read_catalog(path: str | Path) -> list[CatalogEntry]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as source:
        return [_entry_from_row(row) for row in csv.DictReader(source)]


def _entry_from_row(row: dict[str, str]) -> CatalogEntry:
    values: dict[str, object] = dict(row)
    for name in _INTEGER_COLUMNS:
        values[name] = int(row[name])
    values["brand"] = row["brand"] or None
    values["attributes"] = json.loads(row["attributes"])
    return CatalogEntry(**values)  # type: ignore[arg-type]
