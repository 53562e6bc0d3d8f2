"""Revisions keep a section's sources too (exosite.editorial.revisions.LinkedRecords). Each
section's latest revision gets the sources it has now; restoring an older revision leaves
the sources as they are."""

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
    Source = apps.get_model("articles", "Source")

    def sources(section):
        return [
            {"title": s.title, "publisher": s.publisher, "url": s.url, "date": s.date}
            for s in Source.objects.filter(section=section).order_by("order", "pk")
        ]

    record_current_links(apps, "articles", "Section", sources)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_first_revisions_and_editor_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsection",
            name="linked",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
