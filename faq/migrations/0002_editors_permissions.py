"""Editors may view, add and change FAQ categories and questions. Like guide sections,
questions are taken down by setting them back to draft, not deleted."""

from django.db import migrations

from exosite.editors import grant_editor_permissions, revoke_editor_permissions

CODENAMES = [
    "view_category",
    "add_category",
    "change_category",
    "view_question",
    "add_question",
    "change_question",
]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "faq", CODENAMES)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "faq", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
