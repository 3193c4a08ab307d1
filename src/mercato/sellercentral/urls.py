from django.urls import path

app_name = "sellercentral"
urlpatterns: list = []
