from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mercato.search"
    label = "search"
