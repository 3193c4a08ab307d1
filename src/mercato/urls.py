from django.contrib import admin
from django.urls import include, path

from mercato.api.router import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("seller/", include("mercato.sellercentral.urls")),
    path("ops/", include("mercato.ops.urls")),
    path("", include("mercato.storefront.urls")),
]

handler404 = "mercato.storefront.views.errors.not_found"
handler500 = "mercato.storefront.views.errors.server_error"
