from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mercato.core"
    label = "core"
