"""The one form for money recorded for a volunteer or a panel member: expenses or an
involvement payment, in pounds and pence as people type them. Recording it does not pay it
(services.record_payment checks the rest)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from recoveryhub.core.forms import DateField

from .models import PaymentKind

EXAMPLE = "For example, 27 3 2026"
WHAT_FOR_LIMIT = 300


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=PaymentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose expenses or an involvement payment",
            "invalid_choice": "Choose expenses or an involvement payment",
        },
    )
    amount = forms.CharField(
        label="Amount, in pounds and pence",
        help_text="For example, 12.50",
        max_length=12,
        error_messages={
            "required": "Enter the amount",
            "max_length": "Enter the amount in pounds and pence, like 12.50",
        },
    )
    on = DateField(noun="The day", label="Day it is for", help_text=EXAMPLE, years_ahead=0)
    what_for = forms.CharField(
        label="What is it for?",
        help_text="For example, bus fares to the garden, or a panel's involvement payment.",
        max_length=WHAT_FOR_LIMIT,
        error_messages={
            "required": "Say what it is for",
            "max_length": f"What it is for must be {WHAT_FOR_LIMIT} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_amount(self) -> int:
        """Pounds and pence as typed ('£12.50', '12', '1,000') to whole pence."""
        typed = self.cleaned_data["amount"].strip().removeprefix("£").replace(",", "").strip()
        try:
            pounds = Decimal(typed)
        except InvalidOperation:
            raise forms.ValidationError(
                "Enter the amount in pounds and pence, like 12.50"
            ) from None
        if not pounds.is_finite() or pounds.as_tuple().exponent < -2:
            raise forms.ValidationError("Enter the amount in pounds and pence, like 12.50")
        return int(pounds * 100)
