from django.apps import AppConfig


class MarketplacesConfig(AppConfig):
    name = "mercato.marketplaces"
    label = "marketplaces"
