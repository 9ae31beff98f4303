"""Two records of one person joined (people/merging.py) when both have a written recovery
and wellbeing plan. The kept record's plan stays the plan; the other plan's goals join
it; the other plan's words, every saved version of them, are kept in the join's
explanation (people.MergedRow), where the person reads them in My data; then the other
plan goes.

Plan versions are otherwise never changed or deleted (models.VersionQuerySet): this is
the one deliberate path that removes them, and only after the merge has kept them.
"""

from django.db import models

from .forms_recovery import section_label
from .models import Goal, RecoveryPlan, RecoveryPlanVersion
from .services import PLAN_SECTIONS


def versions_kept(plan: RecoveryPlan) -> list[tuple[int, dict]]:
    """(version id, what to keep of it) for each saved version, oldest first."""
    versions = RecoveryPlanVersion.objects.filter(plan=plan).select_related("written_by")
    return [
        (
            version.pk,
            {
                "number": version.number,
                "content": version.content,
                "written_as": version.written_as,
                "written_at": version.written_at.isoformat(),
                "written_by": version.written_by.get_full_name() or version.written_by.email,
            },
        )
        for version in versions.order_by("number")
    ]


def move_goals(plan: RecoveryPlan, into: RecoveryPlan) -> list[int]:
    """The goals (with their steps and ratings) join the other plan. Returns their ids."""
    ids = list(Goal.objects.filter(plan=plan).values_list("pk", flat=True))
    Goal.objects.filter(pk__in=ids).update(plan=into)
    return ids


def remove_versions(plan: RecoveryPlan) -> None:
    """Only once versions_kept's rows are kept elsewhere (people/merge_rules.py)."""
    RecoveryPlan.objects.filter(pk=plan.pk).update(agreed_version=None)
    models.QuerySet.delete(RecoveryPlanVersion.objects.filter(plan=plan))


def sections_of(content: dict) -> list[tuple[str, str]]:
    """(heading, text) of a kept version's written sections, as the plan page names them."""
    sections = content.get("sections", {})
    rows = [(section_label(name), sections[name]) for name in PLAN_SECTIONS if sections.get(name)]
    goals = [item["label"] for item in content.get("items", {}).get("goal", [])]
    if goals:
        rows.append(("Goals (they are now on your plan)", "; ".join(goals)))
    return rows
