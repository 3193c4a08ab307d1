from django.urls import path

from mercato.ops import sales_views, views

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
]
