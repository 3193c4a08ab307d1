"""Shopper accounts: sign up, sign in and out, the account page and delivery addresses."""
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mercato.core.errors import DomainError, NotFound
from mercato.customers import services
from mercato.customers.selectors import address_for_user, addresses_for_user, default_address, default_payment_method
from mercato.storefront.carts import guest_cart_tokens, merge_guest_carts
from mercato.storefront.forms import AddressForm, NewAddressForm, SignInForm, SignUpForm, show_domain_error


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
                                    password=form.cleaned_data["password1"])
        except DomainError as error:
            show_domain_error(form, error, field_names=SignUpForm.service_field_names)
        else:
            guest_carts = guest_cart_tokens(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            merge_guest_carts(request, user, guest_carts)
            messages.success(request, f"Welcome to Mercato, {user.display_name}!")
            return redirect(_safe_next(request, reverse("storefront:account")))
    return render(request, "storefront/accounts/signup.html",
                  {"form": form, "next": _safe_next(request, "")}, status=400 if form.errors else 200)


class SignInView(LoginView):
    template_name = "storefront/accounts/login.html"
    authentication_form = SignInForm

    def form_valid(self, form):
        guest_carts = guest_cart_tokens(self.request)
        response = super().form_valid(form)
        merge_guest_carts(self.request, form.get_user(), guest_carts)
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, "You're signed out. See you soon!")
    return redirect("storefront:home")


@login_required
@require_safe
def account(request):
    return render(request, "storefront/accounts/account.html", {"default_address": default_address(request.user),
                                                                "default_card": default_payment_method(request.user)})


@login_required
@require_safe
def addresses(request):
    return render(request, "storefront/accounts/addresses.html", {"addresses": addresses_for_user(request.user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def address_add(request):
    form = NewAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_address(user=request.user, details=form.details(),
                                 make_default=form.cleaned_data["make_default"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, "Address saved.")
            return redirect("storefront:addresses")
    return render(request, "storefront/accounts/address_form.html", {"form": form, "address": None},
                  status=400 if form.errors else 200)


def _own_address_or_404(request, address_id: int):
    address = address_for_user(request.user, address_id)
    if address is None:
        raise Http404("no such address")
    return address


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def address_edit(request, address_id: int):
    address = _own_address_or_404(request, address_id)
    form = AddressForm(request.POST or None, initial={name: getattr(address, name) for name in AddressForm.base_fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_address(user=request.user, address_id=address.pk, details=form.details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, "Address updated.")
            return redirect("storefront:addresses")
    return render(request, "storefront/accounts/address_form.html", {"form": form, "address": address},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def address_delete(request, address_id: int):
    address = _own_address_or_404(request, address_id)
    if request.method == "POST":
        try:
            services.delete_address(user=request.user, address_id=address.pk)
        except NotFound:
            raise Http404("no such address") from None
        messages.success(request, "Address deleted.")
        return redirect("storefront:addresses")
    return render(request, "storefront/accounts/address_delete.html", {"address": address})


@login_required
@require_POST
def address_make_default(request, address_id: int):
    try:
        address = services.set_default_address(user=request.user, address_id=address_id)
    except NotFound:
        raise Http404("no such address") from None
    messages.success(request, f"{address.line1}, {address.city} is now your default address.")
    return redirect("storefront:addresses")
