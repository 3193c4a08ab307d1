from django.urls import path, re_path

from mercato.ops import fulfillment_views, sales_views, views
from mercato.ops import deal_views, membership_views, search_views, synonym_views

app_name = "ops"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sellers/", views.sellers, name="sellers"),
    path("sellers/<int:seller_id>/approve/", views.seller_approve, name="seller_approve"),
    path("sellers/<int:seller_id>/reject/", views.seller_reject, name="seller_reject"),
    path("sellers/<int:seller_id>/suspend/", views.seller_suspend, name="seller_suspend"),
    path("sellers/<int:seller_id>/reinstate/", views.seller_reinstate, name="seller_reinstate"),
    path("orders/", sales_views.orders, name="orders"),
    path("revenue/", sales_views.revenue, name="revenue"),
    path("payouts/", sales_views.payouts, name="payouts"),
    path("notifications/", sales_views.notifications, name="notifications"),
    path("fulfillment/centers/", fulfillment_views.centers, name="centers"),
    path("fulfillment/inbound/", fulfillment_views.inbound, name="inbound"),
    re_path(r"^fulfillment/inbound/(?P<public_id>[0-9A-Za-z]{1,12})/$", fulfillment_views.inbound_receive,
            name="inbound_receive"),
    path("fulfillment/shipments/", fulfillment_views.shipments, name="shipments"),
    path("membership/", membership_views.membership, name="membership"),
    path("deals/", deal_views.deals, name="deals"),
    path("deals/<int:deal_id>/cancel/", deal_views.deal_cancel, name="deal_cancel"),
    path("search/ranking/", search_views.search_ranking, name="search_ranking"),
    re_path(r"^search/ranking/(?P<marketplace_code>[A-Za-z0-9_-]{1,8})/$", search_views.search_ranking_weights,
            name="search_ranking_weights"),
    path("search/synonyms/", synonym_views.synonyms, name="synonyms"),
    path("search/synonyms/<int:synonym_id>/", synonym_views.synonym_edit, name="synonym_edit"),
    path("search/synonyms/<int:synonym_id>/delete/", synonym_views.synonym_delete, name="synonym_delete"),
]
