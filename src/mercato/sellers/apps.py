from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "mercato.sellers"
    label = "sellers"
