"""The journal entries an order's life writes. Each function posts one balanced entry.

- placed: the authorised total is owed to the order until it ships
  (Dr shopper payments clearing, Cr orders awaiting shipment).
- shipped (payment captured): the seller order's total leaves "awaiting shipment". A third-party
  sale credits the seller's reserve with the total less fees and books the fees as revenue; a
  first-party sale books sales revenue net of VAT, the VAT as tax payable, and its cost of goods.
- cancelled before shipping: the placed entry for that seller order is reversed.
- refunded: the card gets the amount back; the seller bears it less the referral fee share returned
  to it (closing fees are not returned); a first-party refund reverses revenue and VAT in proportion.
"""
from __future__ import annotations

from mercato.core import ledger
from mercato.core.ledger import credit, debit
from mercato.marketplaces.fees import proportional_share
from mercato.orders.models import Order, SellerOrder


def book_order_placed(order: Order) -> None:
    c = order.currency
    ledger.post_entry(kind="order_placed", reference=order.public_id, memo=f"Order {order.public_id} authorised",
                      lines=[debit(ledger.SHOPPER_PAYMENTS_CLEARING, order.total_minor, c),
                             credit(ledger.ORDERS_AWAITING_SHIPMENT, order.total_minor, c)])


def book_seller_order_cancelled(seller_order: SellerOrder, currency: str) -> None:
    ledger.post_entry(kind="seller_order_cancelled", reference=seller_order.public_id,
                      memo=f"Seller order {seller_order.public_id} cancelled; authorisation released",
                      lines=[debit(ledger.ORDERS_AWAITING_SHIPMENT, seller_order.total_minor, currency),
                             credit(ledger.SHOPPER_PAYMENTS_CLEARING, seller_order.total_minor, currency)])


def first_party_vat(total_minor: int, vat_rate_bp: int) -> int:
    """VAT contained in a VAT-inclusive amount, rounded half up."""
    return (total_minor * vat_rate_bp * 2 + (10_000 + vat_rate_bp)) // (2 * (10_000 + vat_rate_bp))


def book_seller_order_shipped(seller_order: SellerOrder, *, currency: str, first_party: bool, vat_rate_bp: int,
                              cost_of_goods_minor: int) -> None:
    total = seller_order.total_minor
    lines = [debit(ledger.ORDERS_AWAITING_SHIPMENT, total, currency)]
    if first_party:
        vat = first_party_vat(total, vat_rate_bp)
        lines += [credit(ledger.revenue("first_party_sales"), total - vat, currency),
                  credit(ledger.TAX_PAYABLE, vat, currency),
                  debit(ledger.COST_OF_GOODS, cost_of_goods_minor, currency),
                  credit(ledger.FIRST_PARTY_INVENTORY, cost_of_goods_minor, currency)]
    else:
        lines += [credit(ledger.seller_pending(seller_order.seller_id), total - seller_order.fees_minor, currency),
                  credit(ledger.revenue("referral_fees"), seller_order.referral_fee_minor, currency),
                  credit(ledger.revenue("closing_fees"), seller_order.closing_fee_minor, currency),
                  credit(ledger.revenue("fulfillment_fees"), seller_order.fulfillment_fee_minor, currency)]
    ledger.post_entry(kind="seller_order_shipped", reference=seller_order.public_id,
                      memo=f"Seller order {seller_order.public_id} shipped; payment captured", lines=lines)


def book_refund(seller_order: SellerOrder, *, amount_minor: int, refunded_before_minor: int, currency: str,
                first_party: bool, vat_rate_bp: int) -> None:
    """VAT and the fee share returned are computed on the refunded total so far, less what earlier refunds
    returned, so refunding an order in pieces returns exactly what refunding it at once would."""
    after = refunded_before_minor + amount_minor
    lines = [credit(ledger.SHOPPER_PAYMENTS_CLEARING, amount_minor, currency)]
    if first_party:
        vat = first_party_vat(after, vat_rate_bp) - first_party_vat(refunded_before_minor, vat_rate_bp)
        lines += [debit(ledger.revenue("first_party_sales"), amount_minor - vat, currency),
                  debit(ledger.TAX_PAYABLE, vat, currency)]
    else:
        fee = seller_order.referral_fee_minor
        fee_back = (proportional_share(fee, after, seller_order.total_minor)
                    - proportional_share(fee, refunded_before_minor, seller_order.total_minor))
        # Earnings still in reserve pay the refund; once released, the payable balance does.
        seller_account = (ledger.seller_payable(seller_order.seller_id) if seller_order.funds_released_at
                          else ledger.seller_pending(seller_order.seller_id))
        lines += [debit(seller_account, amount_minor - fee_back, currency),
                  debit(ledger.revenue("referral_fees"), fee_back, currency)]
    ledger.post_entry(kind="refund", reference=seller_order.public_id,
                      memo=f"Refund on seller order {seller_order.public_id}", lines=lines)
