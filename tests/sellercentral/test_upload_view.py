"""Uploading offers as a CSV file through Seller Central."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mercato.offers.models import Offer
from tests.factories import make_offer, make_product, make_seller
from tests.sellercentral.pages import field_errors, text


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    global commits
    commits = django_capture_on_commit_callbacks


def upload(client, content: str | bytes, **extra):
    """Send the file (its job is queued on commit and, jobs being immediate in tests, runs then), and open the
    page it leads to."""
    data = content.encode() if isinstance(content, str) else content
    with commits(execute=True):
        response = client.post(reverse("sellercentral:upload"),
                               {"file": SimpleUploadedFile("offers.csv", data, content_type="text/csv"), **extra})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def report_rows(response) -> list[list[str]]:
    """The report table as the seller reads it: row, product, result, column, reason."""
    page = response.content.decode()
    table = page.split('<table class="table report-table">')[1].split("</table>")[0]
    rows = []
    for row in table.split("<tr")[2:]:
        cells = [text_of(cell.split("</td>")[0]) for cell in row.split("<td")[1:]]
        rows.append(cells)
    return rows


def text_of(fragment: str) -> str:
    import html
    import re

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment.split(">", 1)[1])).split())


def test_good_and_bad_rows_give_a_per_row_report_and_only_good_rows_are_written(seller_client, seller,
                                                                                 marketplace):
    mug = make_product("Mug", gtin="5012345678900")
    lamp = make_product("Lamp")
    make_offer(seller=seller, product=lamp, marketplace=marketplace, price_minor=5000, quantity=1)
    response = upload(seller_client,
                      "GTIN,Product_ID,Price,Quantity,Condition\n"
                      "5012345678900,,9.99,4,new\n"
                      f",{lamp.public_id},45.00,2,\n"
                      f",{lamp.public_id},-1,2,used_good\n"
                      ",MNOSUCHPRD,3.00,1,\n"
                      "5012345678900,,8.00,1,mint\n")
    assert response.status_code == 200
    assert "2 accepted, 3 rejected" in text(response)
    assert report_rows(response) == [
        ["2", "5012345678900", "Created", "", ""],
        ["3", lamp.public_id, "Updated", "", ""],
        ["4", lamp.public_id, "Rejected", "price", "Price must be more than zero"],
        ["5", "MNOSUCHPRD", "Rejected", "product_id", "No product with id 'MNOSUCHPRD'"],
        ["6", "5012345678900", "Rejected", "condition",
         "Condition must be one of: new, used_like_new, used_very_good, used_good, used_acceptable"],
    ]
    offers = {(o.product_id, o.condition): (o.price_minor, o.quantity) for o in Offer.objects.filter(seller=seller)}
    assert offers == {(mug.id, "new"): (999, 4), (lamp.id, "new"): (4500, 2)}


def test_report_can_be_downloaded_as_csv(seller_client, seller, marketplace):
    product = make_product()
    page = upload(seller_client, f"product_id,price,quantity\n{product.public_id},2.00,1\nMBAD,x,1\n")
    upload_id = page.resolver_match.kwargs["upload_id"]
    response = seller_client.get(reverse("sellercentral:upload_report_csv", args=[upload_id]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["row", "product", "action", "offer_id", "column", "reason"]
    assert rows[1][:3] == ["2", product.public_id, "created"]
    assert rows[2] == ["3", "MBAD", "rejected", "", "price", "price must be a number like 12.50"]
    assert Offer.objects.filter(seller=seller).count() == 1


@pytest.mark.parametrize("content, message", [
    ("product_id,price,qty\nM1,1.00,1\n", 'unknown column "qty"'),
    ("price,quantity\n1.00,1\n", 'missing column "product_id or gtin"'),
    ("product_id,price,quantity,price\nM1,1.00,1,2\n", 'repeated column "price"'),
    ("product_id,price,quantity\n".encode("utf-16"), "The file must be UTF-8 encoded CSV"),
    ("product_id,price,quantity,condition_note\nM1,1.00,1,Très bon\n".encode("latin-1"),
     "The file must be UTF-8 encoded CSV"),
    (b"", "The submitted file is empty."),
])
def test_unusable_file_gives_a_file_level_error_and_writes_nothing(seller_client, seller, content, message):
    make_product()
    response = upload(seller_client, content)
    assert response.status_code == 400
    [error] = field_errors(response, "file")
    assert message in error
    assert not Offer.objects.filter(seller=seller).exists()
    assert "accepted" not in text(response)


def test_too_many_rows_is_refused_before_anything_is_written(seller_client, seller, settings):
    settings.OFFER_UPLOAD_MAX_ROWS = 3
    products = [make_product() for _ in range(4)]
    content = "product_id,price,quantity\n" + "".join(f"{p.public_id},1.00,1\n" for p in products)
    response = upload(seller_client, content)
    assert field_errors(response, "file") == ["The file has more than 3 rows; split it into files of at most 3 rows"]
    assert not Offer.objects.filter(seller=seller).exists()
    ok = upload(seller_client, "product_id,price,quantity\n" + "".join(f"{p.public_id},1.00,1\n"
                                                                        for p in products[:3]))
    assert "3 accepted, 0 rejected" in text(ok)


def test_missing_file_is_asked_for(seller_client):
    response = seller_client.post(reverse("sellercentral:upload"), {})
    assert field_errors(response, "file") == ["This field is required."]


def test_upload_only_touches_the_uploaders_offers(seller_client, seller, marketplace):
    product = make_product()
    theirs = make_offer(seller=make_seller("Seller B"), product=product, marketplace=marketplace, price_minor=700)
    response = upload(seller_client, f"product_id,price,quantity\n{product.public_id},6.00,3\n")
    assert "1 accepted" in text(response)
    theirs.refresh_from_db()
    assert theirs.price_minor == 700
    assert Offer.objects.get(seller=seller, product=product).price_minor == 600


def test_template_csv_downloads_and_names_every_column(seller_client):
    response = seller_client.get(reverse("sellercentral:upload_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header = response.content.decode().splitlines()[0].split(",")
    assert header == ["product_id", "gtin", "condition", "price", "quantity", "shipping", "handling_days", "sku",
                      "condition_note"]


def test_upload_page_explains_the_columns_and_links_the_template(seller_client):
    page = seller_client.get(reverse("sellercentral:upload"))
    assert reverse("sellercentral:upload_template") in page.content.decode()
    assert "handling_days" in text(page)


def test_another_sellers_upload_report_is_not_found(seller_client, seller, marketplace):
    product = make_product()
    page = upload(seller_client, f"product_id,price,quantity\n{product.public_id},2.00,1\n")
    upload_id = page.resolver_match.kwargs["upload_id"]
    from tests.factories import make_user

    rival = make_user()
    make_seller("Seller C", user=rival)
    seller_client.force_login(rival)
    assert seller_client.get(reverse("sellercentral:upload_status", args=[upload_id])).status_code == 404
    assert seller_client.get(reverse("sellercentral:upload_report_csv", args=[upload_id])).status_code == 404


def test_report_panel_polls_until_the_upload_is_processed(seller_client, seller, marketplace):
    from mercato.offers.models import OfferUpload
    from mercato.offers.upload_jobs import process_upload

    product = make_product()
    queued = OfferUpload.objects.create(seller=seller, marketplace=marketplace, file_name="later.csv",
                                        content=f"product_id,price,quantity\n{product.public_id},2.00,1\n".encode())
    url = reverse("sellercentral:upload_status", args=[queued.pk])
    waiting = seller_client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "Waiting to be processed" in text(waiting)

    process_upload(queued.pk)

    ready = seller_client.get(url, headers={"HX-Request": "true"})
    assert "hx-trigger" not in ready.content.decode() and "1 accepted, 0 rejected" in text(ready)
    assert process_upload(queued.pk) is None  # a second run of the same job does nothing


def test_recent_uploads_are_listed_with_their_outcome(seller_client, seller, marketplace):
    product = make_product()
    upload(seller_client, f"product_id,price,quantity\n{product.public_id},2.00,1\nMBAD,x,1\n")
    page = seller_client.get(reverse("sellercentral:upload"))
    assert "Your recent uploads" in text(page) and "offers.csv" in text(page)
    assert "1 accepted, 1 rejected" in text(page)


def test_an_upload_whose_job_was_lost_is_processed_by_the_sweep(seller, marketplace):
    from datetime import timedelta

    from django.utils import timezone

    from mercato.offers.models import OfferUpload
    from mercato.offers.upload_jobs import process_stalled_uploads

    product = make_product()
    lost = OfferUpload.objects.create(seller=seller, marketplace=marketplace, file_name="lost.csv",
                                      content=f"product_id,price,quantity\n{product.public_id},3.00,2\n".encode())
    assert process_stalled_uploads() == 0  # too recent: its job may still come
    assert process_stalled_uploads(now=timezone.now() + timedelta(minutes=3)) == 1
    lost.refresh_from_db()
    assert (lost.status, lost.accepted_count, bytes(lost.content)) == ("done", 1, b"")
    assert Offer.objects.get(seller=seller, product=product).price_minor == 300
