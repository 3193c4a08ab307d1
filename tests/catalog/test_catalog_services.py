import pytest

from mercato.catalog.gtin import is_valid_gtin, normalise_gtin
from mercato.catalog.models import Product
from mercato.catalog.services import create_product
from mercato.core.errors import Conflict, Invalid, NotFound
from tests.factories import make_attribute, make_category

pytestmark = pytest.mark.django_db


def test_gtin_check_digits():
    assert is_valid_gtin("4006381333931")
    assert not is_valid_gtin("4006381333932")
    assert is_valid_gtin(normalise_gtin("036000291452"))  # a UPC-A, stored as EAN-13
    assert normalise_gtin("036000291452") == "0036000291452"


def test_product_gets_a_platform_wide_id_and_typed_attributes():
    make_attribute("capacity_ml", value_type="integer", unit="ml")
    product = create_product(title="Tea mug", category=make_category("kitchen/mugs"), brand_name="Acme",
                             gtin="4006381333931", attributes={"capacity_ml": "350"})
    assert product.public_id.startswith("M") and len(product.public_id) == 10
    assert product.attributes == {"capacity_ml": 350}
    assert product.brand.name == "Acme"


def test_same_gtin_twice_is_one_real_world_item():
    category = make_category("kitchen/mugs")
    create_product(title="Tea mug", category=category, gtin="4006381333931")
    with pytest.raises(Conflict) as refused:
        create_product(title="Tea mug again", category=category, gtin="4006381333931")
    assert refused.value.field == "gtin"
    assert Product.objects.count() == 1


@pytest.mark.parametrize("kwargs, field", [
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"gtin": "12345"}, "gtin"),
    ({"attributes": {"no_such_attribute": "1"}}, "attributes.no_such_attribute"),
    ({"weight_grams": -3}, "weight_grams"),
    ({"length_mm": "abc"}, "length_mm"),
])
def test_bad_product_input_is_refused_and_writes_nothing(kwargs, field):
    with pytest.raises(Invalid) as refused:
        create_product(**({"title": "Mug", "category": make_category("kitchen/mugs")} | kwargs))
    assert refused.value.field == field
    assert not Product.objects.exists()


def test_products_go_in_the_most_specific_category():
    leaf = make_category("kitchen/mugs")
    with pytest.raises(Invalid):
        create_product(title="Mug", category=leaf.parent)
    with pytest.raises(NotFound):
        from mercato.catalog.services import leaf_category_by_path
        leaf_category_by_path("kitchen/spoons")
