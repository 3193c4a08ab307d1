"""Where a shopper's address is, from its postal code alone, offline. Pure.

Delivery promises and routing need the distance from a fulfillment center to the shopper. A postal code is
enough for that at the precision that matters (which transit band a parcel falls in):

- United Kingdom (and the Crown dependencies Guernsey, Jersey and the Isle of Man): the postcode *area*,
  the one or two letters before the first digit ("LS" in "LS1 4AP", "B" in "B33 8TH"), placed at its
  main post town. The London areas (E, EC, N, NW, SE, SW, W, WC) are placed at the middle of their part
  of London. Towns are within a few kilometres; an area spans up to about 50 km around its town (the
  Highland and island areas more).
- United States: the first three digits of the ZIP code give the state, placed at its largest city (the
  optional ESCI demo marketplace is in the US; states are enough to tell near from far there).

Anything else, or a code that does not parse, gives None: the caller then uses the marketplace's default
point.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mercato.fulfillment.us_zip_prefixes import STATE_BY_ZIP_PREFIX_RANGE, STATE_LARGEST_CITY


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float
    label: str  # "Leeds (LS)", "ZIP 606xx (IL)"


# Postcode area -> (main post town, latitude, longitude).
UK_POSTCODE_AREAS: dict[str, tuple[str, float, float]] = {
    "AB": ("Aberdeen", 57.149, -2.094), "AL": ("St Albans", 51.752, -0.339),
    "B": ("Birmingham", 52.480, -1.903), "BA": ("Bath", 51.381, -2.359),
    "BB": ("Blackburn", 53.748, -2.482), "BD": ("Bradford", 53.795, -1.759),
    "BH": ("Bournemouth", 50.720, -1.880), "BL": ("Bolton", 53.578, -2.429),
    "BN": ("Brighton", 50.822, -0.137), "BR": ("Bromley", 51.406, 0.015),
    "BS": ("Bristol", 51.455, -2.588), "BT": ("Belfast", 54.597, -5.930),
    "CA": ("Carlisle", 54.892, -2.934), "CB": ("Cambridge", 52.205, 0.122),
    "CF": ("Cardiff", 51.481, -3.179), "CH": ("Chester", 53.193, -2.893),
    "CM": ("Chelmsford", 51.736, 0.469), "CO": ("Colchester", 51.896, 0.892),
    "CR": ("Croydon", 51.372, -0.100), "CT": ("Canterbury", 51.280, 1.079),
    "CV": ("Coventry", 52.408, -1.510), "CW": ("Crewe", 53.099, -2.440),
    "DA": ("Dartford", 51.446, 0.217), "DD": ("Dundee", 56.462, -2.971),
    "DE": ("Derby", 52.921, -1.476), "DG": ("Dumfries", 55.070, -3.605),
    "DH": ("Durham", 54.776, -1.575), "DL": ("Darlington", 54.524, -1.553),
    "DN": ("Doncaster", 53.523, -1.133), "DT": ("Dorchester", 50.715, -2.437),
    "DY": ("Dudley", 52.512, -2.081), "E": ("London East", 51.540, -0.030),
    "EC": ("London East Central", 51.516, -0.093), "EH": ("Edinburgh", 55.953, -3.189),
    "EN": ("Enfield", 51.652, -0.081), "EX": ("Exeter", 50.718, -3.534),
    "FK": ("Falkirk", 56.002, -3.784), "FY": ("Blackpool", 53.817, -3.036),
    "G": ("Glasgow", 55.861, -4.251), "GL": ("Gloucester", 51.864, -2.245),
    "GU": ("Guildford", 51.236, -0.570), "GY": ("St Peter Port", 49.456, -2.537),
    "HA": ("Harrow", 51.580, -0.334), "HD": ("Huddersfield", 53.645, -1.785),
    "HG": ("Harrogate", 53.992, -1.541), "HP": ("Hemel Hempstead", 51.753, -0.472),
    "HR": ("Hereford", 52.056, -2.716), "HS": ("Stornoway", 58.209, -6.387),
    "HU": ("Hull", 53.745, -0.336), "HX": ("Halifax", 53.721, -1.858),
    "IG": ("Ilford", 51.559, 0.074), "IM": ("Douglas", 54.150, -4.482),
    "IP": ("Ipswich", 52.057, 1.148), "IV": ("Inverness", 57.478, -4.225),
    "JE": ("St Helier", 49.186, -2.107), "KA": ("Kilmarnock", 55.611, -4.496),
    "KT": ("Kingston upon Thames", 51.412, -0.300), "KW": ("Kirkwall", 58.981, -2.960),
    "KY": ("Kirkcaldy", 56.111, -3.159), "L": ("Liverpool", 53.408, -2.992),
    "LA": ("Lancaster", 54.047, -2.801), "LD": ("Llandrindod Wells", 52.242, -3.378),
    "LE": ("Leicester", 52.637, -1.135), "LL": ("Llandudno", 53.324, -3.828),
    "LN": ("Lincoln", 53.230, -0.540), "LS": ("Leeds", 53.800, -1.549),
    "LU": ("Luton", 51.879, -0.418), "M": ("Manchester", 53.481, -2.243),
    "ME": ("Rochester", 51.388, 0.506), "MK": ("Milton Keynes", 52.041, -0.760),
    "ML": ("Motherwell", 55.789, -3.991), "N": ("London North", 51.570, -0.110),
    "NE": ("Newcastle upon Tyne", 54.978, -1.618), "NG": ("Nottingham", 52.954, -1.158),
    "NN": ("Northampton", 52.240, -0.902), "NP": ("Newport", 51.584, -2.998),
    "NR": ("Norwich", 52.630, 1.297), "NW": ("London North West", 51.550, -0.175),
    "OL": ("Oldham", 53.541, -2.117), "OX": ("Oxford", 51.752, -1.258),
    "PA": ("Paisley", 55.846, -4.424), "PE": ("Peterborough", 52.573, -0.241),
    "PH": ("Perth", 56.396, -3.437), "PL": ("Plymouth", 50.376, -4.143),
    "PO": ("Portsmouth", 50.817, -1.088), "PR": ("Preston", 53.763, -2.703),
    "RG": ("Reading", 51.454, -0.978), "RH": ("Redhill", 51.240, -0.170),
    "RM": ("Romford", 51.575, 0.183), "S": ("Sheffield", 53.381, -1.470),
    "SA": ("Swansea", 51.621, -3.944), "SE": ("London South East", 51.470, -0.050),
    "SG": ("Stevenage", 51.903, -0.202), "SK": ("Stockport", 53.410, -2.158),
    "SL": ("Slough", 51.511, -0.595), "SM": ("Sutton", 51.362, -0.194),
    "SN": ("Swindon", 51.558, -1.782), "SO": ("Southampton", 50.910, -1.404),
    "SP": ("Salisbury", 51.069, -1.794), "SR": ("Sunderland", 54.906, -1.381),
    "SS": ("Southend-on-Sea", 51.538, 0.714), "ST": ("Stoke-on-Trent", 53.003, -2.180),
    "SW": ("London South West", 51.460, -0.170), "SY": ("Shrewsbury", 52.708, -2.754),
    "TA": ("Taunton", 51.015, -3.106), "TD": ("Galashiels", 55.617, -2.806),
    "TF": ("Telford", 52.678, -2.445), "TN": ("Tonbridge", 51.195, 0.275),
    "TQ": ("Torquay", 50.462, -3.525), "TR": ("Truro", 50.263, -5.051),
    "TS": ("Middlesbrough", 54.574, -1.235), "TW": ("Twickenham", 51.447, -0.334),
    "UB": ("Southall", 51.508, -0.377), "W": ("London West", 51.510, -0.220),
    "WA": ("Warrington", 53.390, -2.597), "WC": ("London West Central", 51.517, -0.120),
    "WD": ("Watford", 51.656, -0.396), "WF": ("Wakefield", 53.683, -1.499),
    "WN": ("Wigan", 53.545, -2.632), "WR": ("Worcester", 52.192, -2.220),
    "WS": ("Walsall", 52.586, -1.982), "WV": ("Wolverhampton", 52.587, -2.129),
    "YO": ("York", 53.960, -1.082), "ZE": ("Lerwick", 60.155, -1.145),
}

# GB, the informal UK, and the Crown dependencies, whose postcodes are part of the UK scheme.
UK_POSTCODE_COUNTRIES = frozenset({"GB", "UK", "GG", "JE", "IM"})

_UK_AREA = re.compile(r"([A-Z]{1,2})[0-9]")
_US_ZIP = re.compile(r"([0-9]{3})[0-9]{2}(?:-?[0-9]{4})?")


def locate(postal_code: str, country_code: str) -> GeoPoint | None:
    """The approximate location of `postal_code` in `country_code` (ISO 3166 alpha-2), or None if unknown."""
    code = re.sub(r"\s+", "", postal_code or "").upper()
    country = (country_code or "").strip().upper()
    if country in UK_POSTCODE_COUNTRIES:
        return _locate_uk(code)
    if country == "US":
        return _locate_us(code)
    return None


def _locate_uk(code: str) -> GeoPoint | None:
    match = _UK_AREA.match(code)
    if match is None or match.group(1) not in UK_POSTCODE_AREAS:
        return None
    area = match.group(1)
    town, latitude, longitude = UK_POSTCODE_AREAS[area]
    return GeoPoint(latitude, longitude, f"{town} ({area})")


def _locate_us(code: str) -> GeoPoint | None:
    match = _US_ZIP.fullmatch(code)
    if match is None:
        return None
    state = us_state(int(match.group(1)))
    if state is None:
        return None
    _, latitude, longitude = STATE_LARGEST_CITY[state]
    # The point is the state's largest city, which may be far from the shopper's own city: say only the ZIP.
    return GeoPoint(latitude, longitude, f"ZIP {match.group(1)}xx ({state})")


def us_state(zip_prefix: int) -> str | None:
    """The state (or DC, PR, VI) of a three-digit ZIP prefix; None for military mail and unused prefixes."""
    for first, last, state in STATE_BY_ZIP_PREFIX_RANGE:
        if first <= zip_prefix <= last:
            return state
    return None
