"""Recording a team's IPS-25 fidelity review: the review and one score row for every item
of the scale, in one transaction, so a review is never half written."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from . import fidelity
from .models import FidelityReview, FidelityScore

REVIEWERS_LIMIT = 300
NOTE_LIMIT = 1000


@transaction.atomic
def record_review(
    team, *, reviewed_on: date, reviewers: str, scores: dict, notes: dict, by
) -> FidelityReview:
    """`scores`: {item code: 1..5 or None}; `notes`: {item code: text}. Items not given are
    kept as not scored, so the review shows which items are still to do."""
    scale = fidelity.scale()
    errors = {}
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The date of the review must be today or in the past"
    if not reviewers.strip():
        errors["reviewers"] = "Enter who carried out the review"
    elif len(reviewers.strip()) > REVIEWERS_LIMIT:
        errors["reviewers"] = (
            f"Who carried out the review must be {REVIEWERS_LIMIT} characters or fewer"
        )
    for code, note in notes.items():
        if scale.item(code) is None:
            errors[None] = f"{code!r} is not an item of the scale"
        elif len(note.strip()) > NOTE_LIMIT:
            errors[f"note_{code}"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    try:
        fidelity.score(scale, scores)
    except ValueError as problem:
        errors[None] = str(problem)
    if errors:
        raise ValidationError({k or "__all__": v for k, v in errors.items()})
    review = FidelityReview.objects.create(
        team=team, reviewed_on=reviewed_on, reviewers=reviewers.strip(),
        scale_version=scale.version, recorded_by=by,
    )  # fmt: skip
    FidelityScore.objects.bulk_create(
        FidelityScore(
            review=review,
            item=item.code,
            score=scores.get(item.code),
            note=notes.get(item.code, "").strip(),
        )  # fmt: skip
        for item in scale.items
    )
    return review


def with_totals(reviews):
    """Reviews annotated with their total and how many items were scored (one query)."""
    return reviews.annotate(
        total=Sum("scores__score"), scored=Count("scores", filter=Q(scores__score__isnull=False))
    )


def result_of(review) -> fidelity.Result:
    """The scored result of a saved review, from its score rows."""
    scale = fidelity.scale()
    # Rows the data file no longer scores (an item renamed or unverified) are left out.
    scores = {
        row.item: row.score
        for row in review.scores.all()
        if (item := scale.item(row.item)) is not None and (item.verified or row.score is None)
    }
    return fidelity.score(scale, scores)
