from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "mercato.recommendations"
    label = "recommendations"
