"""The trust's retention rules and the first privacy notice; admins edit them afterwards."""

from django.db import migrations

from recoveryhub.governance.defaults import NOTICE, NOTICE_PUBLISHED_ON, RULES

def add_defaults(apps, schema_editor):
    from django.conf import settings

    RetentionRule = apps.get_model("governance", "RetentionRule")
    PrivacyNotice = apps.get_model("governance", "PrivacyNotice")
    for rule in RULES:
        RetentionRule.objects.get_or_create(covers=rule["covers"], defaults=rule)
    PrivacyNotice.objects.get_or_create(
        version=1,
        defaults={
            "published_on": NOTICE_PUBLISHED_ON,
            "text": NOTICE.format(trust=settings.TRUST_NAME),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_retention_and_privacy")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
