"""Existing questions are due for review six months after their last review (as
content/faq files say when they name no date), get a first revision, and editors may read
the revision history."""

import datetime

from django.db import migrations

from exosite.editors import grant_editor_permissions, revoke_editor_permissions
from exosite.revisions import record_first_revisions

CODENAMES = ["view_historicalquestion"]


def forwards(apps, schema_editor):
    question_model = apps.get_model("faq", "Question")
    for question in question_model.objects.all():
        question.next_review_due = question.last_reviewed + datetime.timedelta(days=182)
        question.save(update_fields=["next_review_due"])
    record_first_revisions(apps, "faq", "Question")
    grant_editor_permissions(apps, "faq", CODENAMES)


def backwards(apps, schema_editor):
    revoke_editor_permissions(apps, "faq", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("faq", "0003_history_review_scheduling")]

    operations = [migrations.RunPython(forwards, backwards)]
