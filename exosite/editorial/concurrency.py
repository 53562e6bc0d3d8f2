"""No lost updates: a page is saved only over the version it was read at.

Every page carries a ``version`` number that goes up by one on each save. A save first
runs ``UPDATE ... SET version = version + 1 WHERE id = ... AND version = <the version this
copy was read at>``; if another save came first, no row matches and ``StaleEdit`` is raised
instead of overwriting it. The update takes the row's write lock until the transaction
ends, so two saves racing each other cannot both pass, on PostgreSQL (row lock) and on
SQLite (database write lock) alike.

In the admin, the version the editor opened is carried in the form as a hidden field
(``VersionedAdminForm``). A save over a newer version is refused with a form error that
says who saved, when and what they changed, shows their text and the editor's side by
side, and keeps everything the editor typed. Saving again goes in only once the editor
has ticked "Save my version over theirs" (``OVERWRITE_FIELD``, which names the version
they looked at): nobody overwrites a colleague's text without having seen it.
"""

from __future__ import annotations

import dataclasses

from django import forms
from django.db import models, transaction

# The conflict box's checkbox: its value is the version whose text the editor has seen.
OVERWRITE_FIELD = "_overwrite_version"


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
            if self.data.get(OVERWRITE_FIELD) == str(current.version):
                # The editor saw this version's text beside theirs and chose to keep theirs.
                started = current.version
            else:
                from exosite.editorial.revisions import Conflict

                self.conflict = dataclasses.replace(
                    Conflict.between(current, started),
                    version=current.version,
                    sides=tuple(self._sides(current)),
                )
                raise forms.ValidationError(self.conflict.message(), code="stale_edit")
        # The model's save checks this version again, atomically.
        self.instance.version = started
        return cleaned

    def _sides(self, current: models.Model) -> list[dict]:
        """Each field of the form whose saved text differs from what the editor typed:
        theirs (saved) and the editor's, for reading side by side."""
        sides = []
        for name, field in self.fields.items():
            if name == "version" or isinstance(field.widget, forms.HiddenInput):
                continue
            try:
                model_field = current._meta.get_field(name)
            except Exception:  # a form-only field
                continue
            if model_field.many_to_many or model_field.is_relation:
                continue
            theirs = model_field.value_to_string(current)
            yours = self.data.get(self.add_prefix(name))
            if yours is None or isinstance(field.widget, forms.MultiWidget):
                continue
            if theirs.replace("\r\n", "\n") == yours.replace("\r\n", "\n"):
                continue
            sides.append(
                {
                    "name": self.add_prefix(name),
                    "label": str(field.label or model_field.verbose_name),
                    "theirs": theirs,
                    "yours": yours,
                    "multiline": isinstance(field.widget, forms.Textarea) or "\n" in theirs,
                }
            )
        return sides
