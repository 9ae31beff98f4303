"""The person's forms: coming back through the open door, and asking for support.

Worded for whoever fills them in: "you" to the person, their name to a worker taking the
request by phone. The services check the facts again; these give the first clear errors.
"""

from django import forms

REASON_LIMIT = 2000


def _reason(own: bool, name: str) -> forms.CharField:
    who = "you" if own else name
    label = f"What would {who} like help with?"
    return forms.CharField(
        label=label,
        max_length=REASON_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "required": f"Enter what {who} would like help with",
            "max_length": f"What {who} would like help with must be {REASON_LIMIT} "
            "characters or fewer",
        },
    )


class UsePassForm(forms.Form):
    """What the person would like help with, as they come back."""

    def __init__(self, *args, own: bool = True, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason(own, name)


class SelfReferForm(forms.Form):
    """Which team, and what they would like help with. `teams`: (team, offers) pairs, in
    the order offered (the person's own area first)."""

    team = forms.TypedChoiceField(
        label="Which team would you like support from?",
        coerce=int,
        error_messages={
            "required": "Select the team you would like support from",
            "invalid_choice": "Select a team from the list",
        },
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team, _offers in teams}
        self.hints = {team.pk: offers for team, offers in teams}
        self.fields["team"].choices = [(team.pk, team.name) for team, _offers in teams]
        self.fields["reason"] = _reason(True, "")

    def chosen_team(self):
        return self.teams[self.cleaned_data["team"]]
