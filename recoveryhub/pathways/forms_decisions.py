"""The owner's answer to an expression of interest: yes, or not this time with a kind
reason the person reads. The rules (only waiting interest, a reason of a sentence or two)
are services.approve and services.decline's; this reads what was typed."""

from django import forms

REASON_LIMIT = 1000
APPROVE, DECLINE = "approve", "decline"

KIND_WORDING = (
    "For example: Thank you for telling us you are interested. We had more people than "
    "places this time, and we have offered them to people who can come on the days we "
    "need. We would like to hear from you when we next have places."
)


class DecisionForm(forms.Form):
    """Two buttons on the page post the same form: `decision` says which was pressed."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Yes, go ahead"), (DECLINE, "Not this time")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose yes or not this time",
            "invalid_choice": "Choose yes or not this time",
        },
    )
    reason = forms.CharField(
        label="Why not this time?",
        help_text="They will read this, so say it kindly, in a sentence or two. " + KIND_WORDING,
        max_length=REASON_LIMIT,
        required=False,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The reason must be {REASON_LIMIT} characters or fewer",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if "decision" in self.errors:  # a hidden field: say it for the whole form
            self.add_error(None, self.errors.pop("decision"))
        if cleaned.get("decision") == DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Tell them why, kindly and in a sentence or two")
        return cleaned
