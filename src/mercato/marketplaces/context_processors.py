from mercato.marketplaces.selectors import active_marketplaces


def marketplace(request):
    return {
        "marketplace": getattr(request, "marketplace", None),
        "marketplaces": active_marketplaces,
    }
