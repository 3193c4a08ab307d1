from django.shortcuts import render

from mercato.catalog.selectors import category_tree
from mercato.search.selectors import bestsellers_by_category

BESTSELLERS_SHOWN = 12
DEPARTMENT_ROWS = 4
DEPARTMENT_ROW_CARDS = 6


def home(request):
    marketplace = request.marketplace
    departments = category_tree()
    bestsellers, department_rows = [], []
    if marketplace is not None:
        # Index lookups are cheap; the product rows and prices for all of them come in two queries.
        paths = [(), *(department.path_slugs for department in departments)]
        cards = bestsellers_by_category(marketplace=marketplace, category_paths=paths, per_category=BESTSELLERS_SHOWN)
        bestsellers = cards[()]
        department_rows = [(department, cards[department.path_slugs][:DEPARTMENT_ROW_CARDS])
                           for department in departments if cards[department.path_slugs]][:DEPARTMENT_ROWS]
    return render(request, "storefront/home.html", {
        "departments": departments, "bestsellers": bestsellers, "department_rows": department_rows})
