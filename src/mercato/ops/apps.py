from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "mercato.ops"
    label = "ops"
