from django.http import Http404
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def current_marketplace(request):
    """The marketplace the seller is working in (chosen in the header, as on the storefront)."""
    marketplace = getattr(request, "marketplace", None)
    if marketplace is None:
        raise Http404("No marketplace is open.")
    return marketplace


def safe_next(request, default: str) -> str:
    """The `next` the form posted if it points back into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return resolve_url(default)


def form_status(*forms) -> int:
    """400 when a submitted form comes back with errors, as the storefront answers; else 200."""
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms) else 200
