"""The demo catalogue's listing text: clean titles, design ranges (brands), attributes, descriptions.

Pure module (standard library only). Everything here is derived from the retailer's upper-case
product description alone; nothing is added that the title does not say.
"""

from __future__ import annotations

import re
from typing import Mapping

__all__ = [
    "BRAND_RULES",
    "attributes_for",
    "brand_for",
    "describe",
    "matching_text",
    "title_case",
]


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


def brand_for(description: str) -> str | None:
    """The design range a product belongs to (shoppers shop these ranges), or None."""
    text = matching_text(description)
    for brand, pattern in BRAND_RULES:
        if pattern.search(text):
            return brand
    return None


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
