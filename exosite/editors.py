"""The "Editors" group: staff who keep the content current, without superuser powers.

Each app's migrations grant the group exactly the permissions its editors need, and
``manage.py createeditor`` makes an account in it.
"""

from __future__ import annotations

EDITORS_GROUP = "Editors"


def grant_editor_permissions(apps, app_label: str, codenames: list[str]) -> None:
    """For use in a data migration: give the Editors group these permissions of one app."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations have run; make them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    permissions = list(
        permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found for {app_label}: {', '.join(sorted(missing))}")
    group.permissions.add(*permissions)


def revoke_editor_permissions(apps, app_label: str, codenames: list[str]) -> None:
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group = group_model.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *permission_model.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
