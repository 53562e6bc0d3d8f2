"""The Medical reviewers group: the people who may sign pages off. Each app's migrations
give it, and the Editors group, the permissions on that app's pages; this one gives the
sign-off itself (to reviewers only) and the sources every page lists (to both)."""

from django.db import migrations

SOURCE_CODENAMES = ["view_source", "add_source", "change_source", "delete_source"]


def _permissions(apps, codenames):
    """The permissions, created if need be: Django makes them only after the last migration."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    names = {"sign_off": "Can sign off pages as medically reviewed"}
    for codename in codenames:
        action, _, model_name = codename.partition("_")
        if codename == "sign_off":
            model_name = "reviewer"
        model = apps.get_model("exosite", model_name)
        content_type, _ = content_type_model.objects.get_or_create(
            app_label="exosite", model=model_name
        )
        permission, _ = permission_model.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": names.get(codename, f"Can {action} {model._meta.verbose_name_raw}")},
        )
        yield permission


def forwards(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    reviewers, _ = group_model.objects.get_or_create(name="Medical reviewers")
    editors, _ = group_model.objects.get_or_create(name="Editors")
    sources = list(_permissions(apps, SOURCE_CODENAMES))
    reviewers.permissions.add(*_permissions(apps, ["sign_off", "view_reviewer"]), *sources)
    editors.permissions.add(*_permissions(apps, ["view_reviewer"]), *sources)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Medical reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exosite", "0006_sources_and_reviewers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
