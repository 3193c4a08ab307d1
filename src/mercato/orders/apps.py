from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "mercato.orders"
    label = "orders"
