from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from mercato.catalog.selectors import product_with_details
from mercato.storefront.placeholder import product_placeholder_svg

ONE_YEAR_SECONDS = 365 * 24 * 3600


@require_safe
def product_image(request, public_id: str):
    product = product_with_details(public_id)
    if product is None:
        raise Http404("no such product")
    svg = product_placeholder_svg(public_id=product.public_id, title=product.title,
                                  department=product.category.path.split("/")[0])
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    # The URL carries a version of what the picture shows (see product_image_url), so it can be cached for good.
    response["Cache-Control"] = f"public, max-age={ONE_YEAR_SECONDS}, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
