"""Editors may view, add and change glossary terms."""

from django.db import migrations

from exosite.editors import grant_editor_permissions, revoke_editor_permissions

CODENAMES = ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "articles", CODENAMES)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_glossary")]

    operations = [migrations.RunPython(grant, revoke)]
