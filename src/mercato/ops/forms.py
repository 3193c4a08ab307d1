from datetime import date

from django import forms
from django.utils import timezone

from mercato.orders.models import Order
from mercato.sellers.models import Seller


class SellerFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "All sellers"), *Seller.Status.choices], required=False)


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "All orders"), *Order.Status.choices], required=False)


class TopicFilterForm(forms.Form):
    topic = forms.ChoiceField(choices=[("", "All topics")], required=False)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "All topics"), *((topic, topic) for topic in topics)]


class RevenuePeriodForm(forms.Form):
    """A period of whole days, both included; this month so far unless chosen."""

    first_day = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last_day = forms.DateField(label="To (included)", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    @classmethod
    def this_month(cls, data=None) -> "RevenuePeriodForm":
        today = timezone.localdate()
        return cls(data, initial={"first_day": today.replace(day=1), "last_day": today})

    def period(self) -> tuple[date, date]:
        """The chosen days when the form is valid, else this month so far."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["first_day"], self.cleaned_data["last_day"]
        return self.initial["first_day"], self.initial["last_day"]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and first > last:
            self.add_error("last_day", "The period must end on or after its first day.")
        if first and last and (last - first).days > 3660:
            self.add_error("first_day", "Choose a period of at most ten years.")
        for name in ("first_day", "last_day"):
            day = data.get(name)
            if day and not 2000 <= day.year <= 2999:
                self.add_error(name, "Choose a day between the years 2000 and 2999.")
        return data
