"""Revisions keep an answer's guide sections too (exosite.revisions.LinkedRecords). Each
answer's latest revision gets the sections it links to now; restoring an older revision
leaves them as they are."""

from django.db import migrations, models

from exosite.revisions import record_current_links


def forwards(apps, schema_editor):
    def sections(question):
        return list(question.sections.order_by("order", "title").values_list("slug", flat=True))

    record_current_links(apps, "faq", "Question", sections)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0004_first_revisions_and_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalquestion",
            name="linked",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
