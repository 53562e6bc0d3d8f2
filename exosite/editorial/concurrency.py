"""No lost updates: a page is saved only over the version it was read at.

Every page carries a ``version`` number that goes up by one on each save. A save first
runs ``UPDATE ... SET version = version + 1 WHERE id = ... AND version = <the version this
copy was read at>``; if another save came first, no row matches and ``StaleEdit`` is raised
instead of overwriting it. The update takes the row's write lock until the transaction
ends, so two saves racing each other cannot both pass, on PostgreSQL (row lock) and on
SQLite (database write lock) alike.

In the admin, the version the editor opened is carried in the form as a hidden field
(``VersionedAdminForm``). A save over a newer version is refused with a form error that
says who saved, when and what they changed, and the form keeps everything the editor typed.
"""

from __future__ import annotations

from django import forms
from django.db import models, transaction


class StaleEdit(Exception):
    """Someone else saved the page after this copy of it was read."""

    def __init__(self, page: models.Model, expected_version: int):
        self.page = page
        self.expected_version = expected_version
        super().__init__(
            f"{page._meta.verbose_name} {page.pk} was saved by someone else after version "
            f"{expected_version} was read; reload it before saving."
        )


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one on every save; a save over an older version is refused.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        expected = self.version
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.using(kwargs.get("using") or self._state.db)
                .filter(pk=self.pk, version=expected)
                .update(version=expected + 1)
            )
            if not claimed:
                raise StaleEdit(self, expected)
            self.version = expected + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            super().save(*args, **kwargs)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor opened; refuses to save over a newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        self.conflict = None

    @property
    def started_from(self) -> int | None:
        """The version the editor opened (None for a new page)."""
        if self.instance.pk is None:
            return None
        value = self.data.get(self.add_prefix("version")) if self.is_bound else None
        try:
            return int(value) if value not in (None, "") else self.instance.version
        except (TypeError, ValueError):
            return self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        started = self.started_from
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if current is not None and current.version != started:
            from exosite.editorial.revisions import Conflict

            self.conflict = Conflict.between(current, started)
            # The editor has now seen what changed: saving again keeps their version.
            data = self.data.copy()
            data[self.add_prefix("version")] = str(current.version)
            self.data = data
            raise forms.ValidationError(self.conflict.message(), code="stale_edit")
        # The model's save checks this version again, atomically.
        self.instance.version = started
        return cleaned
