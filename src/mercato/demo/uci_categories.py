"""The demo catalogue's categories: the two-level tree and the ordered rules that place a title in it.

Pure module (standard library only). A title goes to the leaf category of the first rule that
matches its matching text (see uci_text.matching_text); titles no rule places go to the catch-all.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mercato.demo.uci_text import matching_text

__all__ = [
    "CATCH_ALL_CATEGORY",
    "CATEGORY_RULES",
    "CATEGORY_TREE",
    "CategoryNode",
    "category_tree",
    "classify",
]


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
