import django.utils.timezone
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    ContentVersion = apps.get_model("exosite", "ContentVersion")
    ContentVersion.objects.get_or_create(pk=1, defaults={"changed_at": django.utils.timezone.now()})


class Migration(migrations.Migration):
    dependencies = [("exosite", "0003_search_scheduled_pages")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
