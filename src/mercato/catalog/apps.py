from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "mercato.catalog"
    label = "catalog"
