"""The version of what the managers' figures read: every write they can see moves it on,
in the writer's transaction, so the figures are worked out once for each change rather
than on every request (throughput.figures keeps them in the process under it)."""

from django.db.models import F

from .models import FiguresVersion


def bump() -> None:
    if not FiguresVersion.objects.filter(pk=1).update(number=F("number") + 1):
        FiguresVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def current() -> int:
    return FiguresVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
