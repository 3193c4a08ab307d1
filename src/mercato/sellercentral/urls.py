from django.urls import path

from mercato.sellercentral.views import api_keys, dashboard, listing, offers, signup, upload

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
    path("offers/upload/", upload.upload, name="upload"),
    path("offers/upload/template.csv", upload.upload_template, name="upload_template"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:key_id>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
]
