from mercato.marketplaces.selectors import marketplace_for

SESSION_KEY = "marketplace"


class CurrentMarketplaceMiddleware:
    """Sets request.marketplace: the visitor's chosen marketplace (?marketplace=, then session), else the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # API clients keep no cookies: they name the marketplace on each call and get no session.
        remembers = hasattr(request, "session") and not request.path_info.startswith("/api/")
        chosen = request.GET.get("marketplace") if request.method == "GET" else None
        if chosen is None and remembers:
            chosen = request.session.get(SESSION_KEY)
        request.marketplace = marketplace_for(chosen)
        if remembers and chosen and request.marketplace and request.marketplace.code == chosen:
            if request.session.get(SESSION_KEY) != chosen:
                request.session[SESSION_KEY] = chosen
        return self.get_response(request)
