"""The ops console's membership page: each marketplace's plan, its prices and terms, and its members by
status. Plans are set in the admin."""
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mercato.membership.selectors import plans_for_ops
from mercato.ops.access import operator_required


@require_safe
@operator_required
def membership(request):
    return render(request, "ops/membership.html", {"summaries": plans_for_ops()})
