"""Naming a service's feedback lead (a service admin's page)."""

from django import forms

from .forms_comments import ReviewerAddForm


class LeadAddForm(ReviewerAddForm):
    """The same two questions as adding a reviewer: whose sign-in, and which service."""

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, lines=lines, **kwargs)
        self.fields["email"].help_text = "The email address they sign in with at work."
        service = self.fields["service_line"]
        service.label = "Which service's feedback will they lead?"
        service.error_messages.update(
            required="Choose the service whose feedback they will lead",
            invalid_choice="Choose the service whose feedback they will lead",
        )
        service.widget = forms.RadioSelect(choices=service.choices)
