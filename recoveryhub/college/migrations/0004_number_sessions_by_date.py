"""Renumber every run's sessions by date: they used to be numbered in the order typed."""

from django.db import migrations


def number_by_date(apps, schema_editor):
    Session = apps.get_model("college", "Session")
    run_ids = Session.objects.values_list("run_id", flat=True).distinct()
    for run_id in run_ids.iterator():
        sessions = list(Session.objects.filter(run_id=run_id).order_by("starts_at", "pk"))
        if all(s.number == n for n, s in enumerate(sessions, 1)):
            continue
        top = max(s.number for s in sessions)
        for offset, session in enumerate(sessions, 1):  # clear of the unique pair first
            session.number = top + offset
        Session.objects.bulk_update(sessions, ["number"])
        for n, session in enumerate(sessions, 1):
            session.number = n
        Session.objects.bulk_update(sessions, ["number"])


class Migration(migrations.Migration):
    dependencies = [("college", "0003_pendingstudent")]

    operations = [migrations.RunPython(number_by_date, migrations.RunPython.noop)]
