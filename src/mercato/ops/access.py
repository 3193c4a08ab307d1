"""The ops console is for operators (staff users) only."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def operator_required(view):
    """Visitors are sent to sign in; signed-in people who are not operators get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied("The ops console is for Mercato operators.")
        return view(request, *args, **kwargs)

    return wrapper
