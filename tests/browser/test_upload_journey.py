"""An approved seller uploads offers from a CSV file and reads the per-row report."""
import re

import pytest
from playwright.sync_api import expect

from mercato.offers.models import Offer
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELLER_EMAIL, SELLER_PASSWORD = "bulk@lanternhouse.example", "lantern-house-uploads"
UNKNOWN_GTIN = "5012345678900"  # a valid barcode that no catalog product has


def sign_in_to_seller_central(page):
    page.goto("/seller/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(SELLER_EMAIL)
    page.get_by_label("Password").fill(SELLER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/seller/$"))


def upload(page, path):
    page.get_by_role("navigation", name="Seller Central").get_by_role("link", name="Bulk upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload offers from a CSV file")
    page.get_by_label("CSV file").set_input_files(path)
    page.get_by_role("button", name="Upload", exact=True).click()


def report_row(report, row_number: int):
    """The report line for this row of the file (its first cell is the row number)."""
    return report.get_by_role("row").filter(has=report.page.get_by_role("cell", name=str(row_number), exact=True))


def test_upload_saves_the_good_rows_and_reports_each_rejected_row_with_its_column(page, tmp_path):
    make_marketplace()
    category = make_category("home/lighting")
    lantern = make_product("Brass storm lantern", category=category, gtin="4006381333931")
    candle = make_product("Beeswax pillar candle", category=category)
    holder = make_product("Glass tealight holder", category=category)
    seller = make_seller("Lantern House", user=make_user(SELLER_EMAIL, password=SELLER_PASSWORD))
    make_offer(seller=seller, product=candle, price_minor=900, quantity=3, seller_sku="CANDLE-1")
    csv_file = tmp_path / "offers.csv"
    csv_file.write_text(
        "gtin,product_id,condition,price,quantity,handling_days,sku\n"
        "4006381333931,,new,24.50,12,1,LANTERN-1\n"          # row 2: a new offer, found by GTIN
        f",{candle.public_id},,7.95,20,,\n"                  # row 3: updates the existing candle offer
        f",{holder.public_id},new,-3.00,5,2,\n"              # row 4: negative price
        f"{UNKNOWN_GTIN},,new,4.00,5,2,\n"                   # row 5: no such product
        f",{holder.public_id},mint,4.00,5,2,\n",             # row 6: unknown condition
        encoding="utf-8")

    sign_in_to_seller_central(page)
    upload(page, csv_file)

    report = page.get_by_role("region", name="Report")
    expect(report).to_contain_text("2 accepted, 3 rejected.")
    expect(report.get_by_role("row")).to_have_count(1 + 5)  # the header and one line per data row
    expect(report_row(report, 2)).to_contain_text("4006381333931")
    expect(report_row(report, 2).get_by_role("cell").nth(2)).to_have_text("Created")
    expect(report_row(report, 3)).to_contain_text(candle.public_id)
    expect(report_row(report, 3).get_by_role("cell").nth(2)).to_have_text("Updated")
    for row_number, column, reason in [
        (4, "price", "Price must be more than zero"),
        (5, "gtin", f"No product with GTIN {UNKNOWN_GTIN}; create the product first"),
        (6, "condition", "Condition must be one of: new, used_like_new"),
    ]:
        row = report_row(report, row_number)
        expect(row.get_by_role("cell").nth(2)).to_have_text("Rejected")
        expect(row.get_by_role("cell").nth(3)).to_have_text(column)
        expect(row.get_by_role("cell").nth(4)).to_contain_text(reason)

    offers = {(offer.product_id, offer.condition): offer for offer in Offer.objects.filter(seller=seller)}
    assert set(offers) == {(lantern.id, "new"), (candle.id, "new")}
    assert (offers[lantern.id, "new"].price_minor, offers[lantern.id, "new"].quantity) == (2450, 12)
    assert offers[lantern.id, "new"].handling_days == 1
    assert offers[lantern.id, "new"].seller_sku == "LANTERN-1"
    assert (offers[candle.id, "new"].price_minor, offers[candle.id, "new"].quantity) == (795, 20)
    assert offers[candle.id, "new"].seller_sku == "CANDLE-1"
    assert offers[candle.id, "new"].handling_days == 1  # its empty cell kept the current value
    assert not Offer.objects.filter(product=holder).exists()

    page.get_by_role("link", name="See your offers").click()
    expect(page.get_by_role("row").filter(has_text="Brass storm lantern")).to_contain_text("£24.50")
    expect(page.get_by_role("row").filter(has_text="Beeswax pillar candle")).to_contain_text("£7.95")


def test_upload_with_wrong_header_is_refused_as_a_whole_and_writes_nothing(page, tmp_path):
    make_marketplace()
    product = make_product("Linen napkins, set of four", gtin="4006381333931")
    seller = make_seller("Lantern House", user=make_user(SELLER_EMAIL, password=SELLER_PASSWORD))
    csv_file = tmp_path / "offers.csv"
    csv_file.write_text(f"item,cost,stock\n{product.public_id},12.00,4\n", encoding="utf-8")

    sign_in_to_seller_central(page)
    upload(page, csv_file)

    expect(page.get_by_role("alert")).to_contain_text("Please correct the field marked below.")
    error = page.get_by_text(re.compile("^The header row is wrong"))
    expect(error).to_contain_text('unknown column "item", "cost", "stock"')
    expect(error).to_contain_text('missing column "product_id or gtin", "price", "quantity"')
    expect(error).to_contain_text("Allowed columns: product_id, gtin, price, quantity")
    expect(page.get_by_role("region", name="Report")).to_have_count(0)
    assert not Offer.objects.filter(seller=seller).exists()
