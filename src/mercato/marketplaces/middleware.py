from mercato.marketplaces.selectors import marketplace_for

SESSION_KEY = "marketplace"


class CurrentMarketplaceMiddleware:
    """Sets request.marketplace: the visitor's chosen marketplace (?marketplace=, then session), else the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.GET.get("marketplace") if request.method == "GET" else None
        if chosen is None and hasattr(request, "session"):
            chosen = request.session.get(SESSION_KEY)
        request.marketplace = marketplace_for(chosen)
        if chosen and request.marketplace and request.marketplace.code == chosen and hasattr(request, "session"):
            if request.session.get(SESSION_KEY) != chosen:
                request.session[SESSION_KEY] = chosen
        return self.get_response(request)
