from django.shortcuts import render

from mercato.catalog.selectors import category_tree
from mercato.checkout.deal_selectors import events_for_home
from mercato.recommendations.selectors import shopper_recommendations
from mercato.search.selectors import departments_on_sale, home_bestsellers

BESTSELLERS_SHOWN = 12
DEPARTMENT_ROWS = 4
DEPARTMENT_ROW_CARDS = 6


def home(request):
    marketplace = request.marketplace
    departments = category_tree() if marketplace is None else departments_on_sale(marketplace=marketplace)
    bestsellers, department_rows = [], []
    if marketplace is not None:
        found = home_bestsellers(marketplace=marketplace, departments=departments, overall=BESTSELLERS_SHOWN,
                                 per_department=DEPARTMENT_ROW_CARDS, department_rows=DEPARTMENT_ROWS)
        bestsellers, department_rows = found.overall, found.by_department
    return render(request, "storefront/home.html", {
        "departments": departments, "bestsellers": bestsellers, "department_rows": department_rows,
        "events": events_for_home(marketplace),
        "picks": shopper_recommendations(request.user, marketplace)
        if marketplace is not None and request.user.is_authenticated else None})
