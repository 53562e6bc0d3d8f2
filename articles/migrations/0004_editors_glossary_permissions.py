"""Editors may view, add and change glossary terms."""

from django.db import migrations


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


CODENAMES = ["view_glossaryterm", "add_glossaryterm", "change_glossaryterm"]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "articles", CODENAMES)


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_glossary")]

    operations = [migrations.RunPython(grant, revoke)]
