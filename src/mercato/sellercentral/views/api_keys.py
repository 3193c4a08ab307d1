"""A seller's API keys: list, create (the secret is shown once), revoke."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mercato.api.keys import create_api_key, revoke_api_key, seller_api_keys
from mercato.core.errors import DomainError, NotFound
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.api_keys import ApiKeyForm
from mercato.sellercentral.views.common import form_status


@never_cache
@seller_required(active=True)
def api_keys(request):
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = create_api_key(seller=request.seller, name=form.cleaned_data["name"],
                                         scopes=form.cleaned_data["scopes"], created_by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # Rendered, not redirected: the secret exists only in this response.
            return render(request, "sellercentral/api_key_created.html",
                          {"seller": request.seller, "key": key, "secret": secret})
    return render(request, "sellercentral/api_keys.html",
                  {"seller": request.seller, "form": form, "keys": seller_api_keys(request.seller)},
                  status=form_status(form))


@require_POST
@seller_required(active=True)
def api_key_revoke(request, key_id: int):
    try:
        key = revoke_api_key(seller=request.seller, key_id=key_id)
    except NotFound:
        raise Http404("No such API key.") from None
    messages.success(request, f"The key “{key.name}” is revoked; requests using it are refused from now on.")
    return redirect("sellercentral:api_keys")
