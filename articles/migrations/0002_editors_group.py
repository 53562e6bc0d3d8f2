"""Editors may view, add and change guide sections and their sources, but not delete a
section: taking a section down is done by setting it back to draft."""

from django.db import migrations

from exosite.editors import grant_editor_permissions, revoke_editor_permissions

CODENAMES = [
    "view_section",
    "add_section",
    "change_section",
    "view_source",
    "add_source",
    "change_source",
    "delete_source",
]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "articles", CODENAMES)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
