from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0005_outcome_figures_kept_exact_by_version"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="safetyflag",
            index=models.Index(fields=["raised_at"], name="measures_flag_raised"),
        ),
    ]
