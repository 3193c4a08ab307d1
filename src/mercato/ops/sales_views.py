"""The ops console's buying pages: recent orders, revenue by stream with the books' health, payouts (and
running them now) and the notifications log. Every page is for operators only."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from mercato.core.money import format_money
from mercato.ops.access import operator_required
from mercato.ops.forms import OrderFilterForm, RevenuePeriodForm, TopicFilterForm
from mercato.ops.sales import (EVENTS_SHOWN, books_health, event_topics, notifications as notifications_log,
                               recent_orders, recent_payouts, revenue_report)
from mercato.sellers.payouts import run_payouts

ORDERS_PER_PAGE = 50
PAYOUTS_PER_PAGE = 50


@require_safe
@operator_required
def orders(request):
    form = OrderFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(recent_orders(status or None), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ops/orders.html", {"form": form, "status": status, "page": page})


@require_safe
@operator_required
def revenue(request):
    chosen = "first_day" in request.GET or "last_day" in request.GET
    form = RevenuePeriodForm.this_month(request.GET if chosen else None)
    first_day, last_day = form.period()
    return render(request, "ops/revenue.html",
                  {"form": form, "first_day": first_day, "last_day": last_day,
                   "tables": revenue_report(first_day=first_day, last_day=last_day), "health": books_health()},
                  status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def payouts(request):
    paid = None
    if request.method == "POST":
        paid = run_payouts()
        if paid:
            total = ", ".join(f"{format_money(p.amount_minor, p.currency)} to {p.seller.display_name}" for p in paid)
            messages.success(request, f"Payout run done: {len(paid)} payout{'s' if len(paid) != 1 else ''} "
                                      f"({total}).")
        else:
            messages.info(request, "Payout run done: no seller had an available balance to pay.")
    page = Paginator(recent_payouts(), PAYOUTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ops/payouts.html", {"paid": paid, "page": page})


@require_safe
@operator_required
def notifications(request):
    form = TopicFilterForm(request.GET or None, topics=event_topics())
    topic = form.cleaned_data["topic"] if form.is_valid() else ""
    return render(request, "ops/notifications.html",
                  {"form": form, "topic": topic, "events": notifications_log(topic), "limit": EVENTS_SHOWN})
