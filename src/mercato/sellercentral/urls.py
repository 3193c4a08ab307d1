from django.urls import path

from mercato.sellercentral.views import api_keys, dashboard, listing, offers, orders, payouts, signup, upload

app_name = "sellercentral"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("signup/", signup.signup, name="signup"),
    path("list/", listing.find_product, name="list_product"),
    path("list/new/", listing.list_new_product_view, name="list_new"),
    path("list/<str:public_id>/", listing.list_offer, name="list_offer"),
    path("offers/", offers.offer_list, name="offers"),
    path("offers/<int:offer_id>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/pause/", offers.offer_pause, name="offer_pause"),
    path("offers/<int:offer_id>/resume/", offers.offer_resume, name="offer_resume"),
    path("offers/<int:offer_id>/receive/", offers.offer_receive_stock, name="offer_receive_stock"),
    path("offers/upload/", upload.upload, name="upload"),
    path("offers/upload/template.csv", upload.upload_template, name="upload_template"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<str:public_id>/", orders.order_detail, name="order_detail"),
    path("orders/<str:public_id>/accept/", orders.order_accept, name="order_accept"),
    path("orders/<str:public_id>/ship/", orders.order_ship, name="order_ship"),
    path("orders/<str:public_id>/deliver/", orders.order_deliver, name="order_deliver"),
    path("orders/<str:public_id>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<str:public_id>/refund/", orders.order_refund, name="order_refund"),
    path("payments/", payouts.payments, name="payments"),
    path("payments/<str:public_id>/", payouts.payout_statement, name="payout_statement"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:key_id>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
]
