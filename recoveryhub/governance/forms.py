"""The privacy notice's tick box, for every form that makes a sign-in."""

from django import forms

LABEL = "I have read the privacy notice"
REQUIRED = "Confirm you have read the privacy notice"


def privacy_notice_field() -> forms.BooleanField:
    return forms.BooleanField(label=LABEL, error_messages={"required": REQUIRED})
