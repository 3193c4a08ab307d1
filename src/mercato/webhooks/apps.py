from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "mercato.webhooks"
    label = "webhooks"
