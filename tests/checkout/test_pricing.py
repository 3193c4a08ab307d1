from datetime import date

from mercato.checkout.pricing import EXPRESS, LiveLine, quote


def line(offer_id, seller_id, quantity=1, price=1000, shipping=200, handling=1):
    return LiveLine(offer_id, seller_id, quantity, price, shipping, handling, "merchant")


def test_quote_groups_by_seller_and_charges_shipping_per_unit():
    result = quote([line(1, 10, quantity=2), line(2, 20, shipping=0), line(3, 10)], options={}, today=date(2026, 11, 30),
                   express_surcharge_minor=399)
    assert [part.seller_id for part in result.parts] == [10, 20]
    assert result.parts[0].items_minor == 3000 and result.parts[0].shipping_minor == 600
    assert result.total_minor == 3000 + 600 + 1000


def test_express_is_faster_and_costs_a_surcharge_per_seller():
    monday = date(2026, 11, 30)
    standard = quote([line(1, 10, handling=2)], options={}, today=monday, express_surcharge_minor=399).parts[0]
    express = quote([line(1, 10, handling=2)], options={10: EXPRESS}, today=monday, express_surcharge_minor=399).parts[0]
    assert express.shipping_minor == standard.shipping_minor + 399
    assert (standard.delivery_date, express.delivery_date) == (date(2026, 12, 7), date(2026, 12, 3))
