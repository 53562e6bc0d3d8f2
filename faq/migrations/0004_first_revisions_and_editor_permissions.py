"""Existing questions are due for review six months after their last review (as
content/faq files say when they name no date), get a first revision, and editors may read
the revision history."""

import datetime

from django.db import migrations
from django.utils import timezone


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


def grant_editor_permissions(apps, app_label, codenames):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    group.permissions.add(*_permissions(apps, app_label, codenames))


def revoke_editor_permissions(apps, app_label, codenames):
    group = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


def record_first_revisions(apps, app_label, model_name):
    """Give every existing page a first revision, so its history starts from what it was."""
    model = apps.get_model(app_label, model_name)
    history_model = apps.get_model(app_label, f"Historical{model_name}")
    history_fields = {field.attname for field in history_model._meta.fields}
    copied = [f.attname for f in model._meta.concrete_fields if f.attname in history_fields]
    now = timezone.now()
    history_model.objects.bulk_create(
        history_model(
            **{name: getattr(page, name) for name in copied},
            history_date=now,
            history_type="~",
            history_change_reason=(
                "History starts here: the page as it was when revision history began."
            ),
            history_user=None,
        )
        for page in model.objects.all()
        if not history_model.objects.filter(id=page.pk).exists()
    )


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
