"""Reading listing querystrings and building the links a listing page shows."""
from urllib.parse import parse_qs, urlsplit

from django.http import QueryDict

from mercato.search.engine import Facets, FacetValue, PriceBucket, SortOrder
from mercato.storefront.listing import ListingLinks, ListingRequest, parse_listing_request, price_label
from tests.factories import make_category


def parse(query: str, **kwargs) -> ListingRequest:
    return parse_listing_request(QueryDict(query), **kwargs)


def test_known_parameters_become_filters(db):
    make_category("kitchen/mugs")

    listing = parse("q=red+mug&category=kitchen/mugs&brand=Acme&brand=Zeta&colour=Red&price=1000-2499"
                    "&condition=new&fulfillment=network&sort=price_asc&page=3&utm_source=spam")

    filters = listing.search_filters()
    assert listing.text == "red mug" and listing.sort is SortOrder.PRICE_LOW and listing.page == 3
    assert filters.category_path == ("kitchen", "mugs")
    assert filters.brands == ("Acme", "Zeta") and filters.colours == ("Red",)
    assert (filters.price_min_minor, filters.price_max_minor) == (1000, 2499)
    assert filters.conditions == ("new",) and filters.fulfillment_channels == ("network",)
    assert listing.notices == ()


def test_malformed_parameters_are_dropped_with_notices(db):
    listing = parse("page=2x&price=9-1&sort=up&condition=mint&category=nowhere&q=" + "w" * 600)

    assert listing.page == 1 and listing.price is None and listing.sort is None
    assert listing.conditions == () and listing.category_path == ()
    assert len(listing.text) == 500
    assert len(listing.notices) == 6


def test_open_price_range_and_page_limits(db):
    assert parse("price=50000-").price == (50000, None)
    assert parse("page=0").page == 1
    assert parse("page=999999").page == 400


def test_control_characters_and_duplicates_are_cleaned(db):
    listing = parse("q=%00red%01mug&brand=Acme&brand=Acme&brand=%00")

    assert listing.text == "red mug"
    assert listing.brands == ("Acme",)


def test_links_toggle_one_filter_and_go_back_to_page_one(db):
    listing = ListingRequest(text="mug", brands=("Acme",), page=4)
    links = ListingLinks(listing, path="/search", currency="GBP")
    facets = Facets(categories=[], brands=[FacetValue("Acme", 3, True), FacetValue("Zeta & Sons", 2, False)],
                    colours=[], conditions=[FacetValue("new", 5, False)], fulfillment_channels=[],
                    prices=[PriceBucket(0, 1000, 4, False), PriceBucket(50000, None, 1, False)])

    panels = {panel.title: panel.options for panel in links.facet_panels(facets, category_children={})}

    acme, zeta = panels["Brand"]
    assert acme.selected and parse_qs(urlsplit(acme.url).query) == {"q": ["mug"]}
    assert parse_qs(urlsplit(zeta.url).query) == {"q": ["mug"], "brand": ["Acme", "Zeta & Sons"]}
    assert [o.label for o in panels["Price"]] == ["Under £10.00", "£500.00 & above"]
    assert parse_qs(urlsplit(panels["Price"][0].url).query)["price"] == ["0-999"]
    assert panels["Condition"][0].label == "New"


def test_category_page_links_lead_to_sub_category_pages(db):
    listing = ListingRequest(category_path=("kitchen",), category_in_query=False, brands=("Acme",))
    links = ListingLinks(listing, path="/c/kitchen/", currency="GBP", category_url=lambda p: f"/c/{p}/")
    facets = Facets(categories=[FacetValue("mugs", 3, False)], brands=[], colours=[], conditions=[],
                    fulfillment_channels=[], prices=[])

    department = links.facet_panels(facets, category_children={"mugs": "Mugs"})[0]

    assert department.title == "Department"
    assert department.options[0].label == "Mugs"
    assert department.options[0].url == "/c/kitchen/mugs/?brand=Acme"
    assert links.clear_filters_url() == "/c/kitchen/"


def test_pagination_shows_neighbours_and_ends():
    links = ListingLinks(ListingRequest(page=10), path="/search", currency="GBP")

    pagination = links.pagination(page_count=20)

    assert [p.number for p in pagination.pages] == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert pagination.previous_url == "/search?page=9" and pagination.next_url == "/search?page=11"
    assert ListingLinks(ListingRequest(), path="/search", currency="GBP").pagination(page_count=1) is None


def test_price_labels():
    assert price_label(0, 999, "GBP") == "Under £10.00"
    assert price_label(1000, 2499, "GBP") == "£10.00 to £24.99"
    assert price_label(50000, None, "GBP") == "£500.00 & above"
