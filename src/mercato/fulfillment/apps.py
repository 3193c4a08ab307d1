from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "mercato.fulfillment"
    label = "fulfillment"
