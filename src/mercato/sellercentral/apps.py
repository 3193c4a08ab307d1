from django.apps import AppConfig


class SellercentralConfig(AppConfig):
    name = "mercato.sellercentral"
    label = "sellercentral"
