from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "mercato.offers"
    label = "offers"
