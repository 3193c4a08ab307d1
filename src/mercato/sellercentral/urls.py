from django.urls import path, re_path

from mercato.sellercentral.views import (api_keys, dashboard, fulfillment, listing, offers, orders, payouts, signup,
                                         upload, webhooks)

# Product, order and payout ids are short and alphanumeric; anything else is a 404 before any query.
PUBLIC_ID = r"(?P<public_id>[0-9A-Za-z]{1,12})"

app_name = "sellercentral"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("signup/", signup.signup, name="signup"),
    path("list/", listing.find_product, name="list_product"),
    path("list/new/", listing.list_new_product_view, name="list_new"),
    re_path(rf"^list/{PUBLIC_ID}/$", listing.list_offer, name="list_offer"),
    path("offers/", offers.offer_list, name="offers"),
    path("offers/<int:offer_id>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/pause/", offers.offer_pause, name="offer_pause"),
    path("offers/<int:offer_id>/resume/", offers.offer_resume, name="offer_resume"),
    path("offers/<int:offer_id>/receive/", offers.offer_receive_stock, name="offer_receive_stock"),
    path("offers/<int:offer_id>/fulfillment/", offers.offer_fulfillment, name="offer_fulfillment"),
    path("offers/upload/", upload.upload, name="upload"),
    path("offers/upload/template.csv", upload.upload_template, name="upload_template"),
    path("offers/upload/<int:upload_id>/", upload.upload_status, name="upload_status"),
    path("offers/upload/<int:upload_id>/report.csv", upload.upload_report_csv, name="upload_report_csv"),
    path("orders/", orders.order_list, name="orders"),
    re_path(rf"^orders/{PUBLIC_ID}/$", orders.order_detail, name="order_detail"),
    re_path(rf"^orders/{PUBLIC_ID}/accept/$", orders.order_accept, name="order_accept"),
    re_path(rf"^orders/{PUBLIC_ID}/ship/$", orders.order_ship, name="order_ship"),
    re_path(rf"^orders/{PUBLIC_ID}/deliver/$", orders.order_deliver, name="order_deliver"),
    re_path(rf"^orders/{PUBLIC_ID}/cancel/$", orders.order_cancel, name="order_cancel"),
    re_path(rf"^orders/{PUBLIC_ID}/refund/$", orders.order_refund, name="order_refund"),
    path("payments/", payouts.payments, name="payments"),
    re_path(rf"^payments/{PUBLIC_ID}/$", payouts.payout_statement, name="payout_statement"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:key_id>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
    path("fulfillment/", fulfillment.inventory, name="fulfillment"),
    path("fulfillment/inbound/", fulfillment.inbound_list, name="inbound_list"),
    path("fulfillment/inbound/new/", fulfillment.inbound_new, name="inbound_new"),
    re_path(rf"^fulfillment/inbound/{PUBLIC_ID}/$", fulfillment.inbound_detail, name="inbound_detail"),
    re_path(rf"^fulfillment/inbound/{PUBLIC_ID}/cancel/$", fulfillment.inbound_cancel, name="inbound_cancel"),
    path("webhooks/", webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:endpoint_id>/active/", webhooks.webhook_toggle, name="webhook_toggle"),
    path("webhooks/<int:endpoint_id>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path("webhooks/deliveries/<int:delivery_id>/redeliver/", webhooks.webhook_redeliver, name="webhook_redeliver"),
]
