"""US three-digit ZIP prefixes by state, and each state's largest city (2020 census). Pure data.

Prefixes left out are unused or military mail (090-099 AE, 340 AA, 962-966 AP) or the Pacific
territories (969), which the demo does not deliver to.
"""
from __future__ import annotations

# (first prefix, last prefix, state), in prefix order.
STATE_BY_ZIP_PREFIX_RANGE: tuple[tuple[int, int, str], ...] = (
    (5, 5, "NY"),  # Holtsville: the IRS
    (6, 7, "PR"), (8, 8, "VI"), (9, 9, "PR"),
    (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"),
    (50, 54, "VT"), (55, 55, "MA"), (56, 59, "VT"),
    (60, 69, "CT"), (70, 89, "NJ"),
    (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"),
    (200, 200, "DC"), (201, 201, "VA"), (202, 205, "DC"), (206, 219, "MD"),
    (220, 246, "VA"), (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"),
    (300, 319, "GA"), (320, 339, "FL"), (341, 349, "FL"),
    (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"),
    (400, 427, "KY"), (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"),
    (500, 528, "IA"), (530, 549, "WI"), (550, 567, "MN"), (569, 569, "DC"),
    (570, 577, "SD"), (580, 588, "ND"), (590, 599, "MT"),
    (600, 629, "IL"), (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"),
    (700, 714, "LA"), (716, 729, "AR"), (730, 731, "OK"), (733, 733, "TX"), (734, 749, "OK"),
    (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"),
    (850, 865, "AZ"), (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"),
    (900, 961, "CA"), (967, 968, "HI"),
    (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"),
)

# State -> (largest city, latitude, longitude).
STATE_LARGEST_CITY: dict[str, tuple[str, float, float]] = {
    "AK": ("Anchorage", 61.218, -149.900), "AL": ("Huntsville", 34.730, -86.586),
    "AR": ("Little Rock", 34.746, -92.290), "AZ": ("Phoenix", 33.448, -112.074),
    "CA": ("Los Angeles", 34.052, -118.244), "CO": ("Denver", 39.739, -104.990),
    "CT": ("Bridgeport", 41.187, -73.195), "DC": ("Washington", 38.907, -77.037),
    "DE": ("Wilmington", 39.745, -75.547), "FL": ("Jacksonville", 30.332, -81.656),
    "GA": ("Atlanta", 33.749, -84.388), "HI": ("Honolulu", 21.307, -157.858),
    "IA": ("Des Moines", 41.587, -93.625), "ID": ("Boise", 43.615, -116.202),
    "IL": ("Chicago", 41.878, -87.630), "IN": ("Indianapolis", 39.768, -86.158),
    "KS": ("Wichita", 37.688, -97.336), "KY": ("Louisville", 38.253, -85.759),
    "LA": ("New Orleans", 29.951, -90.072), "MA": ("Boston", 42.360, -71.059),
    "MD": ("Baltimore", 39.290, -76.612), "ME": ("Portland", 43.661, -70.255),
    "MI": ("Detroit", 42.331, -83.046), "MN": ("Minneapolis", 44.978, -93.265),
    "MO": ("Kansas City", 39.100, -94.579), "MS": ("Jackson", 32.299, -90.185),
    "MT": ("Billings", 45.783, -108.501), "NC": ("Charlotte", 35.227, -80.843),
    "ND": ("Fargo", 46.877, -96.790), "NE": ("Omaha", 41.257, -95.935),
    "NH": ("Manchester", 42.996, -71.455), "NJ": ("Newark", 40.736, -74.172),
    "NM": ("Albuquerque", 35.084, -106.650), "NV": ("Las Vegas", 36.170, -115.140),
    "NY": ("New York", 40.713, -74.006), "OH": ("Columbus", 39.961, -82.999),
    "OK": ("Oklahoma City", 35.468, -97.516), "OR": ("Portland", 45.515, -122.679),
    "PA": ("Philadelphia", 39.953, -75.165), "PR": ("San Juan", 18.466, -66.106),
    "RI": ("Providence", 41.824, -71.413), "SC": ("Charleston", 32.777, -79.931),
    "SD": ("Sioux Falls", 43.545, -96.731), "TN": ("Nashville", 36.163, -86.781),
    "TX": ("Houston", 29.760, -95.370), "UT": ("Salt Lake City", 40.761, -111.891),
    "VA": ("Virginia Beach", 36.853, -75.978), "VI": ("Charlotte Amalie", 18.342, -64.931),
    "VT": ("Burlington", 44.476, -73.212), "WA": ("Seattle", 47.606, -122.332),
    "WI": ("Milwaukee", 43.039, -87.906), "WV": ("Charleston", 38.350, -81.633),
    "WY": ("Cheyenne", 41.140, -104.820),
}
