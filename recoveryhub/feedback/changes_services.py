"""'You said, we did' beyond services.py's drafting and approval: editing a draft, the
comments a change may link to, wording checked for personal details, and what the public
pages list (published entries only). Writes are atomic; Audited models write the trail."""

from django.db import transaction
from django.db.models import Count, DateField, F
from django.db.models.functions import Coalesce, TruncDate

from . import redaction, services
from .models import ChangeStatus, Comment, FocusGroup, YouSaidWeDid

EDITABLE = (ChangeStatus.DRAFT, ChangeStatus.WITHDRAWN)
# Details no published wording may carry (a clinic's address or postcode may be named).
PERSONAL = {"name", "phone number", "email", "NHS number"}
FIELDS = ("theme", "you_said", "we_did", "said_from", "changed_on", "action")


def personal_details(text: str, team) -> list[str]:
    """The kinds of personal detail found in `text` (names of the team's staff included)."""
    found = redaction.redact(text, services._known_names(team)).kinds
    return sorted(set(found) & PERSONAL)


def edit_change(change: YouSaidWeDid, **fields) -> YouSaidWeDid:
    """Change the wording of a draft (or a withdrawn entry, which becomes a draft again)."""
    with transaction.atomic():
        locked = YouSaidWeDid.objects.select_for_update().get(pk=change.pk)
        if locked.status not in EDITABLE:
            raise services.FeedbackError(
                "Only a draft can be changed: ask the lead to withdraw it first"
            )
        for name in FIELDS:
            setattr(locked, name, fields[name])
        locked.status = ChangeStatus.DRAFT
        locked.save()
    return locked


def ask_for_approval(change: YouSaidWeDid) -> None:
    """Ask the lead to approve the wording: only once it says what was done."""
    if not change.we_did.strip():
        raise services.FeedbackError("Say what we did before asking for approval")
    services.ask_for_approval(change)


def withdraw(change: YouSaidWeDid) -> None:
    if change.status not in (ChangeStatus.AWAITING, ChangeStatus.PUBLISHED):
        raise services.FeedbackError(
            "Only wording waiting for approval or published can be withdrawn"
        )
    services.withdraw_change(change)


def raised_by(team, comment_id=None, group_id=None):
    """(the team's own comment or its focus group's comments, the focus group or None), or
    None if either is not the team's."""
    if comment_id is not None:
        comment = Comment.objects.filter(pk=comment_id, team=team).first()
        return None if comment is None else ([comment], None)
    if group_id is not None:
        group = FocusGroup.objects.filter(pk=group_id, team=team).first()
        return None if group is None else (list(group.comments.all()), group)
    return [], None


def published(team=None):
    """Published entries, newest first, each with the day it is listed by and how many
    comments led to it."""
    found = YouSaidWeDid.objects.filter(status=ChangeStatus.PUBLISHED)
    if team is not None:
        found = found.filter(team=team)
    return (
        found.select_related("team")
        .annotate(
            listed_on=Coalesce("changed_on", TruncDate("approved_at"), output_field=DateField()),
            comment_count=Count("comments"),
        )
        .order_by(F("listed_on").desc(nulls_last=True), "-pk")
    )
