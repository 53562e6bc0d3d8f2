"""Editors may view, add and change content blocks and standing pages (not delete them);
medical reviewers may view and change every page of the guide, the glossary, the blocks
and the standing pages, and read their history."""

from django.db import migrations

EDITOR_CODENAMES = [
    "view_contentblock",
    "add_contentblock",
    "change_contentblock",
    "view_historicalcontentblock",
    "view_page",
    "add_page",
    "change_page",
    "view_historicalpage",
]
REVIEWER_CODENAMES = [
    f"{action}_{model}"
    for model in ("section", "glossaryterm", "contentblock", "page")
    for action in ("view", "change")
] + [
    "view_historicalsection",
    "view_historicalglossaryterm",
    "view_historicalcontentblock",
    "view_historicalpage",
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
    group_model = apps.get_model("auth", "Group")
    editors, _ = group_model.objects.get_or_create(name="Editors")
    reviewers, _ = group_model.objects.get_or_create(name="Medical reviewers")
    editors.permissions.add(*_permissions(apps, "articles", EDITOR_CODENAMES))
    reviewers.permissions.add(*_permissions(apps, "articles", REVIEWER_CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_shared_sources_blocks_pages_and_medical_review"),
        ("exosite", "0007_medical_reviewers_group"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
