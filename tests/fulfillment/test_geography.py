import pytest

from mercato.fulfillment.geography import UK_POSTCODE_AREAS, GeoPoint, locate
from mercato.fulfillment.transit import haversine_km

UK_POSTCODE_AREA_LIST = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN "
    "EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML "
    "N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD "
    "TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()


def distance_km(point: GeoPoint, latitude: float, longitude: float) -> float:
    return haversine_km(point.latitude, point.longitude, latitude, longitude)


# Postcode, then a landmark at that postcode (coordinates from a map), then the town the area is named for.
@pytest.mark.parametrize(("postcode", "latitude", "longitude", "town"), [
    ("SW1A 1AA", 51.501, -0.142, "London South West (SW)"),  # Buckingham Palace
    ("M1 1AE", 53.477, -2.231, "Manchester (M)"),  # Piccadilly station
    ("B33 8TH", 52.482, -1.800, "Birmingham (B)"),  # Stechford
    ("LS1 4AP", 53.795, -1.547, "Leeds (LS)"),  # Leeds station
    ("EH1 1YZ", 55.952, -3.189, "Edinburgh (EH)"),  # Waverley
    ("CF10 1EP", 51.476, -3.179, "Cardiff (CF)"),  # Cardiff Central
    ("BT1 5GS", 54.596, -5.930, "Belfast (BT)"),  # City Hall
    ("G2 1DU", 55.861, -4.250, "Glasgow (G)"),  # George Square
    ("AB10 1XG", 57.146, -2.096, "Aberdeen (AB)"),
    ("PL1 2AA", 50.370, -4.142, "Plymouth (PL)"),
    ("NR2 1NH", 52.629, 1.292, "Norwich (NR)"),
    ("IV2 3BX", 57.478, -4.224, "Inverness (IV)"),
])
def test_a_uk_postcode_lands_in_its_town(postcode, latitude, longitude, town):
    point = locate(postcode, "GB")
    assert point is not None
    assert point.label == town
    assert distance_km(point, latitude, longitude) < 30


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "sw1a1aa", "  Sw1A   1aA ", "SW1A\t1AA", "SW1A"])
def test_uk_postcodes_parse_whatever_the_case_and_spacing(postcode):
    assert locate(postcode, "GB").label == "London South West (SW)"


def test_single_letter_areas_are_not_mistaken_for_two_letter_ones():
    assert locate("M1 1AE", "GB").label == "Manchester (M)"
    assert locate("ME1 1AA", "GB").label == "Rochester (ME)"
    assert locate("B33 8TH", "GB").label == "Birmingham (B)"
    assert locate("BS1 4DJ", "GB").label == "Bristol (BS)"
    assert locate("E1 6AN", "GB").label == "London East (E)"


@pytest.mark.parametrize("country_code", ["GB", "gb", " UK "])
def test_the_uk_country_code_is_read_loosely(country_code):
    assert locate("LS1 4AP", country_code).label == "Leeds (LS)"


def test_crown_dependency_postcodes_are_found_under_their_own_country_codes():
    assert locate("JE2 3AB", "JE").label == "St Helier (JE)"
    assert locate("GY1 1AA", "GG").label == "St Peter Port (GY)"
    assert locate("IM1 1AA", "IM").label == "Douglas (IM)"


@pytest.mark.parametrize("postcode", ["", "   ", "LS", "1AA", "XX1 1AA", "QQ9 9QQ", "GIR 0AA", "LSX 1AA",
                                      "12345", "!!"])
def test_an_unknown_or_malformed_uk_postcode_gives_none(postcode):
    assert locate(postcode, "GB") is None


def test_every_uk_postcode_area_is_present_and_inside_the_uk():
    assert set(UK_POSTCODE_AREAS) == set(UK_POSTCODE_AREA_LIST)
    for area in UK_POSTCODE_AREA_LIST:
        point = locate(f"{area}1 1AA", "GB")
        assert point is not None, area
        assert point.label.endswith(f"({area})")
        # The UK with the Channel Islands, the Isle of Man and Shetland.
        assert 49.0 <= point.latitude <= 61.0, area
        assert -8.7 <= point.longitude <= 2.0, area


def test_areas_next_to_each_other_are_close_and_far_ones_far():
    leeds, bradford = locate("LS1 1AA", "GB"), locate("BD1 1AA", "GB")
    truro, lerwick = locate("TR1 1AA", "GB"), locate("ZE1 0AA", "GB")
    assert distance_km(leeds, bradford.latitude, bradford.longitude) < 20
    assert distance_km(truro, lerwick.latitude, lerwick.longitude) > 1000


@pytest.mark.parametrize(("zip_code", "latitude", "longitude"), [
    ("10001", 40.750, -73.997),  # New York, Penn Station
    ("60601", 41.886, -87.618),  # Chicago, the Loop
    ("98101", 47.610, -122.336),  # Seattle, downtown
    ("10001-1234", 40.750, -73.997),
    (" 60601 ", 41.886, -87.618),
])
def test_a_us_zip_in_a_states_largest_city_lands_there(zip_code, latitude, longitude):
    assert distance_km(locate(zip_code, "US"), latitude, longitude) < 30


@pytest.mark.parametrize(("zip_code", "state"), [
    ("10001", "NY"), ("94105", "CA"), ("60601", "IL"), ("98101", "WA"), ("33101", "FL"),
    ("02108", "MA"), ("02903", "RI"), ("20500", "DC"), ("75201", "TX"), ("73301", "TX"), ("99501", "AK"),
    ("96813", "HI"), ("00901", "PR"), ("05501", "MA"), ("05401", "VT"),
])
def test_a_us_zip_prefix_gives_its_state(zip_code, state):
    point = locate(zip_code, "us")
    assert point.label == f"ZIP {zip_code[:3]}xx ({state})"


def test_a_us_zip_is_placed_in_its_state_not_just_anywhere():
    san_francisco, los_angeles, new_york = locate("94105", "US"), locate("90012", "US"), locate("10001", "US")
    assert (san_francisco.latitude, san_francisco.longitude) == (los_angeles.latitude, los_angeles.longitude)
    assert distance_km(san_francisco, new_york.latitude, new_york.longitude) > 3000


@pytest.mark.parametrize("zip_code", ["", "1000", "100011", "ABCDE", "09001", "96201", "34001", "SW1A 1AA"])
def test_an_unknown_or_military_or_malformed_us_zip_gives_none(zip_code):
    assert locate(zip_code, "US") is None


@pytest.mark.parametrize(("postal_code", "country_code"), [("75001", "FR"), ("10115", "DE"), ("LS1 4AP", ""),
                                                          ("10001", "CA")])
def test_other_countries_give_none(postal_code, country_code):
    assert locate(postal_code, country_code) is None
