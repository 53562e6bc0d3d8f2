"""Medical reviewers may view and change FAQ answers and categories, and read the answers'
history."""

from django.db import migrations

REVIEWER_CODENAMES = [
    "view_question",
    "change_question",
    "view_historicalquestion",
    "view_category",
]


def _permissions(apps, app_label, codenames):
    """The permissions, created if need be: Django makes them only after the last migration."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    for codename in codenames:
        action, model_name = codename.split("_", 1)
        model = apps.get_model(app_label, model_name)
        content_type, _ = content_type_model.objects.get_or_create(
            app_label=app_label, model=model_name
        )
        permission, _ = permission_model.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
        )
        yield permission


def forwards(apps, schema_editor):
    reviewers, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Medical reviewers")
    reviewers.permissions.add(*_permissions(apps, "faq", REVIEWER_CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0006_sources_and_medical_review"),
        ("exosite", "0007_medical_reviewers_group"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
