"""Existing sections and glossary terms get a first revision, and editors may read the
revision history (they restore a revision by changing the page, which they may do)."""

from django.db import migrations

from exosite.editors import grant_editor_permissions, revoke_editor_permissions
from exosite.revisions import record_first_revisions

CODENAMES = ["view_historicalsection", "view_historicalglossaryterm"]


def forwards(apps, schema_editor):
    record_first_revisions(apps, "articles", "Section")
    record_first_revisions(apps, "articles", "GlossaryTerm")
    grant_editor_permissions(apps, "articles", CODENAMES)


def backwards(apps, schema_editor):
    revoke_editor_permissions(apps, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_history_review_scheduling")]

    operations = [migrations.RunPython(forwards, backwards)]
