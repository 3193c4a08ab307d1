"""The ops console's search pages: each marketplace's synonyms, to list, add, change and remove.
Operators only."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from mercato.core.errors import DomainError
from mercato.marketplaces.models import Marketplace
from mercato.ops.access import operator_required
from mercato.ops.synonym_forms import SynonymForm
from mercato.search import synonym_services
from mercato.search.synonym_selectors import synonym_entries, synonym_entry


def _synonyms_url(marketplace: Marketplace) -> str:
    return f"{reverse('ops:synonyms')}?marketplace={marketplace.code}"


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def synonyms(request):
    marketplaces = list(Marketplace.objects.order_by("code"))
    code = request.GET.get("marketplace", "")
    marketplace = next((m for m in marketplaces if m.code == code), marketplaces[0] if marketplaces else None)
    if code and marketplace is not None and marketplace.code != code:
        raise Http404("no such marketplace")
    form = SynonymForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and marketplace is not None and form.is_valid():
        try:
            synonym_services.create_synonym(marketplace=marketplace, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Added synonyms for {marketplace.name}; searches use them now.")
            return redirect(_synonyms_url(marketplace))
    return render(request, "ops/synonyms.html", {
        "marketplaces": marketplaces, "marketplace": marketplace, "form": form,
        "entries": synonym_entries(marketplace) if marketplace else []},
        status=400 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def synonym_edit(request, synonym_id: int):
    synonym = synonym_entry(synonym_id)
    if synonym is None:
        raise Http404("no such synonym entry")
    form = SynonymForm(request.POST if request.method == "POST" else None,
                       initial={"terms": synonym.terms, "one_way": synonym.one_way})
    if request.method == "POST" and form.is_valid():
        try:
            synonym_services.update_synonym(marketplace=synonym.marketplace, synonym_id=synonym.pk,
                                            **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Saved the synonyms; searches use them now.")
            return redirect(_synonyms_url(synonym.marketplace))
    return render(request, "ops/synonym_edit.html", {"synonym": synonym, "form": form},
                  status=400 if form.is_bound else 200)


@require_POST
@operator_required
def synonym_delete(request, synonym_id: int):
    synonym = synonym_entry(synonym_id)
    if synonym is None:
        raise Http404("no such synonym entry")
    synonym_services.delete_synonym(marketplace=synonym.marketplace, synonym_id=synonym.pk)
    messages.success(request, f"Removed “{synonym.terms}”.")
    return redirect(_synonyms_url(synonym.marketplace))
