from django import forms

from mercato.sellercentral.forms.base import DomainErrorForm, sentence
from mercato.webhooks.models import MAX_URL_LENGTH
from mercato.webhooks.topics import EVERY_TOPIC, TOPICS


class WebhookEndpointForm(DomainErrorForm):
    # A plain text field: the service decides what a usable URL is, and says so next to this field.
    url = forms.CharField(label="URL", max_length=MAX_URL_LENGTH,
                          help_text="Where your program receives events, e.g. https://shop.example.com/mercato-hooks.")
    topics = forms.MultipleChoiceField(choices=[(EVERY_TOPIC, "Every topic"), *((topic, topic) for topic in TOPICS)],
                                       widget=forms.CheckboxSelectMultiple, initial=[EVERY_TOPIC])

    def message_for(self, error) -> str:
        # The services name the field as the API does ("url must ..."); on the page it reads "The URL must ...".
        detail = error.detail
        return "The URL" + detail[3:] if detail.startswith("url ") else sentence(detail)
