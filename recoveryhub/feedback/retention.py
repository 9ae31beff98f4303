"""Feedback's part in retention (governance/retention.py): when a person's record is
anonymised, the feedback they gave signed in stays, as anonymous as everyone else's, and
their comments keep only the redacted words (the words as written could name them)."""

from django.db.models import F

from .models import Comment, Response


def unlink_people(person_ids: list[int]) -> None:
    theirs = Response.objects.filter(person_id__in=person_ids)
    Comment.objects.filter(response__in=theirs).update(text=F("redacted"))
    theirs.update(person=None)
