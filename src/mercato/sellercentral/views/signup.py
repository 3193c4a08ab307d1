from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from mercato.core.errors import DomainError
from mercato.sellercentral.forms.base import add_domain_error
from mercato.sellercentral.forms.signup import AccountForm, BusinessForm
from mercato.sellercentral.signup import sign_up_seller
from mercato.sellers.selectors import seller_for_user
from mercato.sellercentral.views.common import form_status
from mercato.sellers.services import register_seller


def signup(request):
    """Apply to sell. A visitor without an account creates one in the same step and is signed in."""
    if seller_for_user(request.user) is not None:
        return redirect("sellercentral:dashboard")
    needs_account = not request.user.is_authenticated
    data = request.POST if request.method == "POST" else None
    account_form = AccountForm(data) if needs_account else None
    business_form = BusinessForm(data)
    page_forms = [form for form in (account_form, business_form) if form is not None]
    if data is not None and all([form.is_valid() for form in page_forms]):
        try:
            if needs_account:
                account = account_form.cleaned_data
                user, seller = sign_up_seller(email=account["email"], full_name=account["full_name"],
                                              password=account["password1"], details=business_form.cleaned_data)
            else:
                user, seller = request.user, register_seller(user=request.user, details=business_form.cleaned_data)
        except DomainError as error:
            add_domain_error(error, *page_forms)
        else:
            if needs_account:
                login(request, user)
            messages.success(request, f"Thanks — {seller.display_name} is registered. We review new sellers "
                                      "before they can list products.")
            return redirect("sellercentral:dashboard")
    return render(request, "sellercentral/signup.html",
                  {"account_form": account_form, "business_form": business_form},
                  status=form_status(account_form, business_form))
