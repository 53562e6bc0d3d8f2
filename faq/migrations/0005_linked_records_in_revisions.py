"""Revisions keep an answer's guide sections too (exosite.editorial.revisions.LinkedRecords). Each
answer's latest revision gets the sections it links to now; restoring an older revision
leaves them as they are."""

from django.db import migrations, models


def record_current_links(apps, app_label, model_name, links):
    """Keep each page's links, ``links(page)``, with its latest revision."""
    model = apps.get_model(app_label, model_name)
    history = apps.get_model(app_label, f"Historical{model_name}").objects
    for page in model.objects.all():
        latest = history.filter(id=page.pk).order_by("-history_date", "-history_id").first()
        if latest is not None:
            latest.linked = links(page)
            latest.save(update_fields=["linked"])


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
