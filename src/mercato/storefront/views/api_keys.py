"""A shopper's API keys: list, create (the secret is shown once), revoke. One page, one URL."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mercato.api.keys import create_customer_api_key, customer_api_keys, revoke_customer_api_key
from mercato.core.errors import DomainError, NotFound
from mercato.core.text import parse_id
from mercato.storefront.forms import show_domain_error


class ApiKeyForm(forms.Form):
    name = forms.CharField(label="Key name", max_length=100,
                           help_text="What the key is for, e.g. “Reorder script”.")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_keys(request):
    if request.method == "POST" and "revoke" in request.POST:
        return _revoke(request, request.POST["revoke"])
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = create_customer_api_key(customer=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            form = ApiKeyForm()
    # Rendered, not redirected, after creating: the secret exists only in this response.
    return render(request, "storefront/accounts/api_keys.html",
                  {"form": form, "keys": customer_api_keys(request.user), "created": created, "secret": secret},
                  status=400 if form.errors else 200)


def _revoke(request, key_id: str):
    key_id = parse_id(key_id)
    if key_id is None:
        raise Http404("no such API key")
    try:
        key = revoke_customer_api_key(customer=request.user, key_id=key_id)
    except NotFound:
        raise Http404("no such API key") from None
    messages.success(request, f"The key “{key.name}” is revoked; requests using it are refused from now on.")
    return redirect("storefront:api_keys")
