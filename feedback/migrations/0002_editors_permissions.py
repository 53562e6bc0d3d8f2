"""Editors read feedback, mark comments as acted on, and delete spam; nobody adds it by
hand."""

from django.db import migrations


def grant(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="feedback", model="feedback"
    )
    permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    for action in ("view", "change", "delete"):
        perm, _ = permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_feedback",
            defaults={"name": f"Can {action} reader feedback"},
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
