"""The strategy's five objectives (para 26) are the action plan's headings from the start."""

from django.db import migrations

OBJECTIVES = [
    "Embedding the culture of Recovery and Resilience throughout the organisation",
    "Walking our own walk – CPFT as an exemplary employer",
    "Improving people's life chances – health, employment, education",
    "Changing the way we approach risk and supporting staff to work differently",
    "Financial sustainability of Recovery College East",
]


def add(apps, schema_editor):
    Objective = apps.get_model("practice", "Objective")
    for number, title in enumerate(OBJECTIVES, start=1):
        Objective.objects.get_or_create(number=number, defaults={"title": title, "paragraph": "26"})


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
