"""Search entries carry their page's status, so search filters with published_filter()
like every page does; "kind" is called page_type (the page's model)."""

from django.db import migrations, models


def copy_status(apps, schema_editor):
    entries = apps.get_model("exosite", "SearchEntry").objects
    entries.filter(published=True).update(status="published")
    entries.filter(published=False, publish_at__isnull=False).update(status="scheduled")


def copy_published(apps, schema_editor):
    entries = apps.get_model("exosite", "SearchEntry").objects
    entries.filter(status="published").update(published=True)


class Migration(migrations.Migration):
    dependencies = [("exosite", "0004_contentversion")]

    operations = [
        migrations.RemoveConstraint(model_name="searchentry", name="one_search_entry_each"),
        migrations.RenameField(model_name="searchentry", old_name="kind", new_name="page_type"),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(
                fields=["page_type", "object_id"], name="one_search_entry_each"
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="status",
            field=models.CharField(default="draft", max_length=10),
        ),
        migrations.RunPython(copy_status, copy_published),
        migrations.RemoveField(model_name="searchentry", name="published"),
    ]
