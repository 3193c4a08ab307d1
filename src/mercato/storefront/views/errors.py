from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "storefront/404.html", status=404)


def server_error(request):
    # No request context: the page must render even when the database is what failed.
    return HttpResponseServerError(loader.render_to_string("storefront/500.html"))
