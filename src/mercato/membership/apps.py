from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "mercato.membership"
    label = "membership"
