"""Forms of the membership pages. They gather input; the membership services decide what is valid."""
from django import forms

from mercato.membership.models import Membership

_EXPIRED = "This form has expired; please choose again."


class JoinForm(forms.Form):
    action = forms.ChoiceField(choices=[("trial", "Start the free trial"), ("subscribe", "Subscribe")],
                               error_messages={"required": "Choose the trial or a subscription."})
    billing_period = forms.ChoiceField(choices=Membership.BillingPeriod.choices, initial="monthly",
                                       error_messages={"required": "Choose monthly or annual."})
    payment_method = forms.CharField(max_length=20, error_messages={"required": "Choose a payment card."})
    idempotency_key = forms.CharField(max_length=60, widget=forms.HiddenInput,
                                      error_messages={"required": _EXPIRED})

    def clean(self):
        cleaned = super().clean()
        for message in self._errors.pop("idempotency_key", []):  # hidden: say it at the top of the form
            self.add_error(None, message)
        return cleaned


class RejoinForm(forms.Form):
    """Rejoin, or pay an overdue renewal, with the membership's card unless another is chosen."""

    payment_method = forms.CharField(max_length=20, required=False)
    idempotency_key = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
