from django import template

from mercato.core.money import format_money

register = template.Library()


@register.filter
def money(amount_minor, currency):
    """{{ offer.price_minor|money:offer.currency }} -> "£12.50"."""
    if amount_minor is None or not currency:
        return ""
    return format_money(int(amount_minor), str(currency))
