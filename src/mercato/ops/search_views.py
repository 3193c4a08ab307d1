"""The ops console's search ranking page: the ranking formula's weights per marketplace, and why each result
of a query ranks where it does. Operators only."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from mercato.core.errors import DomainError
from mercato.customers.models import User
from mercato.marketplaces.models import Marketplace
from mercato.ops.access import operator_required
from mercato.ops.search_forms import ExplainForm, RankingWeightsForm
from mercato.search import services
from mercato.search.ranking import FEATURES
from mercato.search.reranking import RERANK_WINDOW, explain_search
from mercato.search.weights import ranking_weights_for


def _weight_forms(bound: tuple[Marketplace, RankingWeightsForm] | None = None) -> list:
    forms = []
    for marketplace in Marketplace.objects.order_by("code"):
        if bound is not None and bound[0].pk == marketplace.pk:
            forms.append(bound)
        else:
            forms.append((marketplace, RankingWeightsForm(prefix=marketplace.code,
                                                          initial_weights=ranking_weights_for(marketplace))))
    return forms


def _page(request, *, weight_forms: list, status: int = 200):
    explain_form = ExplainForm(request.GET if "q" in request.GET else None)
    explained = None
    if explain_form.is_bound and explain_form.is_valid():
        shopper = None
        email = explain_form.cleaned_data["shopper"]
        if email:
            shopper = User.objects.filter(email__iexact=email).first()
            if shopper is None:
                explain_form.add_error("shopper", "No shopper has this email.")
        if not explain_form.errors:
            explained = explain_search(marketplace=explain_form.cleaned_data["marketplace"],
                                       text=explain_form.cleaned_data["q"], shopper=shopper)
    if explain_form.errors:
        status = 400
    return render(request, "ops/search_ranking.html", {
        "explain_form": explain_form, "explained": explained, "weight_forms": weight_forms,
        "feature_labels": [name.replace("_", " ").capitalize() for name in FEATURES],
        "rerank_window": RERANK_WINDOW}, status=status)


@require_safe
@operator_required
def search_ranking(request):
    return _page(request, weight_forms=_weight_forms())


@require_POST
@operator_required
def search_ranking_weights(request, marketplace_code: str):
    marketplace = Marketplace.objects.filter(code=marketplace_code).first()
    if marketplace is None:
        raise Http404("no such marketplace")
    form = RankingWeightsForm(request.POST, prefix=marketplace.code,
                              initial_weights=ranking_weights_for(marketplace))
    if form.is_valid():
        try:
            services.set_ranking_weights(marketplace=marketplace, weights=form.weights())
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None,
                           error.detail[:1].upper() + error.detail[1:] + ".")
        else:
            messages.success(request, f"Saved the ranking weights of {marketplace.name}.")
            return redirect("ops:search_ranking")
    return _page(request, weight_forms=_weight_forms((marketplace, form)), status=400)
