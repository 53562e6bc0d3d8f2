"""Revision history of every page, kept by django-simple-history.

Each save of a guide section, FAQ answer or glossary term writes a revision: who, when,
the full text, and a summary of what changed. The summary is the reason the change was
made, when the code that saved knows one (``with change_reason("Imported from ...")``),
followed by the fields that changed, computed from the previous revision.

What a page links to in other tables (a guide section's sources, an answer's guide
sections) is kept with each revision too, in its ``linked`` field (``LinkedRecords``):
saved after the links themselves (``record_linked``), compared and restored with the text.

This module compares revisions (``field_changes``, ``text_diff``), restores one
(``restore``: itself a new revision, so nothing is lost), and describes a save that lost
a race with a colleague's (``Conflict``). It leans on simple-history's own API: revisions
come newest first (``page.history.first()`` is the latest) and ``diff_against`` says
which fields differ.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from simple_history.signals import pre_create_historical_record

from exosite.editorial.wording import date_label, display_name, moment_label

IMPORT_REASON_PREFIX = "Imported from "
# Fields a revision never compares: bookkeeping, not content.
UNCOMPARED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "synced_hash",
    "reviewed_fingerprint",
}
CONTEXT_LINES = 2
BLANK_LINE = "(blank line)"

_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar("reason", default=None)


@contextlib.contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Every revision written inside the block gives this reason (then what changed)."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


class LinkedRecords(models.Model):
    """The history model's base for a page with links kept in other tables. The page
    class says what they are: ``linked_label`` ("Sources"), ``linked_records()`` (a JSON
    list), ``linked_lines(records)`` (one readable line each) and
    ``set_linked(records)``. ``None`` means "not recorded": revisions written before
    links were kept."""

    linked = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def keeps_links(page_or_model) -> bool:
    return hasattr(page_or_model, "linked_label")


def record_linked(page: models.Model) -> None:
    """Once a page's links are saved: keep them with its latest revision, and name them in
    that revision's summary when they differ from the revision before."""
    latest, *before = page.history.all()[:2]
    latest.linked = page.linked_records()
    previous = before[0].linked if before else None
    if previous is not None and previous != latest.linked:
        latest.history_change_reason = _also_changed(
            latest.history_change_reason or "", page.linked_label
        )
    latest.save(update_fields=["linked", "history_change_reason"])


def _also_changed(summary: str, label: str) -> str:
    """Add ``label`` to a summary's "Changed: …" list (see ``summarise``)."""
    if summary.endswith("Saved without changes."):
        return summary.removesuffix("Saved without changes.") + f"Changed: {label}."
    head, marker, fields = summary.rpartition("Changed: ")
    if marker and label not in fields.rstrip(".").split(", "):
        return f"{head}{marker}{fields.rstrip('.')}, {label}."
    return summary


def compared_fields(history_model: type[models.Model]) -> list[models.Field]:
    return [field for field in history_model.tracked_fields if field.name not in UNCOMPARED_FIELDS]


def _value(record, field: models.Field):
    return getattr(record, field.attname)


def changed_field_names(older, newer) -> list[str]:
    """The labels of the fields that differ between two revisions, in the model's order."""
    changed = set(newer.diff_against(older, excluded_fields=UNCOMPARED_FIELDS).changed_fields)
    return [
        str(field.verbose_name) for field in compared_fields(type(newer)) if field.name in changed
    ]


def summarise(reason: str | None, history_type: str, changed: list[str]) -> str:
    if history_type == "+":
        what = "Created."
    elif history_type == "-":
        what = "Deleted."
    elif changed:
        what = f"Changed: {', '.join(changed)}."
    else:
        what = "Saved without changes."
    return f"{reason.rstrip('.')}. {what}" if reason else what


@receiver(pre_create_historical_record, dispatch_uid="exosite-revision-summary")
def _summarise_revision(sender, instance, history_instance, **kwargs) -> None:
    previous = instance.history.first()
    if keeps_links(instance):
        # The links are saved after the page (admin inlines, many-to-many fields), so until
        # record_linked() runs, the new revision has what the one before it had.
        history_instance.linked = (
            previous.linked if previous is not None else instance.linked_records()
        )
    changed = changed_field_names(previous, history_instance) if previous is not None else []
    history_instance.history_change_reason = summarise(
        history_instance.history_change_reason or _reason.get(),
        history_instance.history_type if previous is not None else "+",
        changed,
    )


def author_of(record) -> str:
    """Who made a revision, as the history shows it."""
    if record.history_user is not None:
        return display_name(record.history_user)
    reason = record.history_change_reason or ""
    if reason.startswith(IMPORT_REASON_PREFIX):
        return "Content import"
    return "The system"


# --- Comparing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString
    multiline: bool


def _display(record, field: models.Field) -> str:
    value = _value(record, field)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = getattr(record, field.name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, datetime.datetime):
        return moment_label(value)
    if isinstance(value, datetime.date):
        return date_label(value)
    return str(value)


def field_changes(older, newer) -> list[FieldChange]:
    """Every compared field that differs between two revisions, with a readable diff."""
    changes = []
    for field in compared_fields(type(newer)):
        old, new = _display(older, field), _display(newer, field)
        if old == new:
            continue
        multiline = "\n" in old or "\n" in new or isinstance(field, models.TextField)
        diff = text_diff(old, new) if multiline else inline_diff(old, new)
        changes.append(FieldChange(str(field.verbose_name), old, new, diff, multiline))
    links = _linked_change(older, newer)
    return [*changes, links] if links else changes


def revision_fields(record) -> list[dict]:
    """Every compared field of one revision, for reading it in full."""
    fields = []
    for field in compared_fields(type(record)):
        value = _display(record, field)
        multiline = "\n" in value or isinstance(field, models.TextField)
        fields.append({"label": str(field.verbose_name), "value": value, "multiline": multiline})
    page_model = getattr(type(record), "instance_type", None)
    if keeps_links(page_model) and record.linked is not None:
        lines = "\n".join(page_model.linked_lines(record.linked))
        fields.append({"label": page_model.linked_label, "value": lines, "multiline": True})
    return fields


def _linked_change(older, newer) -> FieldChange | None:
    page_model = getattr(type(newer), "instance_type", None)
    old, new = getattr(older, "linked", None), getattr(newer, "linked", None)
    if not keeps_links(page_model) or old is None or new is None or old == new:
        return None
    old_text = "\n".join(page_model.linked_lines(old))
    new_text = "\n".join(page_model.linked_lines(new))
    return FieldChange(
        page_model.linked_label, old_text, new_text, text_diff(old_text, new_text), True
    )


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of words in a diff: the same in both texts, removed, or added."""

    kind: str  # "same", "removed" or "added"
    text: str
    whole_line: bool = False


@dataclass(frozen=True)
class DiffLine:
    """One row of a line diff: a hunk heading, or a line with its numbers and pieces."""

    kind: str  # "hunk", "same", "removed" or "added"
    old_number: int | None = None
    new_number: int | None = None
    pieces: tuple[Piece, ...] = ()

    @property
    def sign(self) -> str:
        return {"removed": "\u2212", "added": "+"}.get(self.kind, " ")

    @property
    def label(self) -> str:
        return {"removed": "Removed line", "added": "Added line"}.get(self.kind, "Unchanged line")


def word_changes(old: str, new: str) -> list[Piece]:
    """Word by word, what stayed, what went and what came."""
    old_words, new_words = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(new_words[j1:j2])))
    return pieces


def line_changes(old: str, new: str, context: int = CONTEXT_LINES) -> list[DiffLine]:
    """A line diff of two Markdown texts: hunks of changed lines with a little context; a
    line changed in place shows which of its words changed."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        rows.append(DiffLine("hunk", group[0][1] + 1, group[0][3] + 1))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffLine("same", i1 + n + 1, j1 + n + 1, (Piece("same", line),))
                    for n, line in enumerate(old_lines[i1:i2])
                )
                continue
            paired = tag == "replace" and (i2 - i1) == (j2 - j1)
            for n, line in enumerate(old_lines[i1:i2]):
                if paired:
                    pieces = [p for p in word_changes(line, new_lines[j1 + n]) if p.kind != "added"]
                else:
                    pieces = [Piece("removed", line or BLANK_LINE, whole_line=True)]
                rows.append(DiffLine("removed", i1 + n + 1, None, tuple(pieces)))
            for n, line in enumerate(new_lines[j1:j2]):
                if paired:
                    pieces = [
                        p for p in word_changes(old_lines[i1 + n], line) if p.kind != "removed"
                    ]
                else:
                    pieces = [Piece("added", line or BLANK_LINE, whole_line=True)]
                rows.append(DiffLine("added", None, j1 + n + 1, tuple(pieces)))
    return rows


def inline_diff(old: str, new: str) -> SafeString:
    """Removed words in <del>, added words in <ins>, each also said in words for screen
    readers (never colour alone)."""
    html = render_to_string("admin/revisions/inline_diff.html", {"pieces": word_changes(old, new)})
    return mark_safe(html.strip())  # the template escaped every piece


def text_diff(old: str, new: str, context: int = CONTEXT_LINES) -> SafeString:
    """The line diff as a table: old and new line numbers, a sign (-, + or blank), the line."""
    html = render_to_string(
        "admin/revisions/text_diff.html", {"lines": line_changes(old, new, context)}
    )
    return mark_safe(html.strip())  # the template escaped every line


# --- Restoring ----------------------------------------------------------------------------


def restore(page: models.Model, record, user) -> None:
    """Bring back the text of an earlier revision, and its links where it kept them, as a
    new revision. The page's status, publish time and review dates stay as they are now:
    restoring old words must never unpublish a page or fake a review."""
    for name in page.restorable_fields:
        field = page._meta.get_field(name)
        setattr(page, field.attname, getattr(record, field.attname))
    page._history_user = user
    with transaction.atomic():
        with change_reason(
            f"Restored the revision of {moment_label(record.history_date)} by {author_of(record)}"
        ):
            page.save()
        if keeps_links(page):
            if record.linked is not None:
                page.set_linked(record.linked)
            record_linked(page)


# --- A save that lost the race -----------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Someone saved the page after the editor opened it: who, when, and what they changed
    compared with what the editor started from."""

    saved_by: str
    saved_at: object
    changes: list[FieldChange]
    # The version saved meanwhile, and each differing field's two texts (theirs, yours).
    version: int | None = None
    sides: tuple = ()

    @classmethod
    def between(cls, current: models.Model, started_version: int | None) -> Conflict:
        history = current.history.all()
        latest = history.first()
        started = history.filter(version=started_version).first() if started_version else None
        if latest is None:
            return cls("someone else", current.updated_at, [])
        changes = field_changes(started, latest) if started is not None else []
        return cls(author_of(latest), latest.history_date, changes)

    def message(self) -> str:
        fields = ", ".join(change.label for change in self.changes) or "the page"
        return (
            f"Not saved: {self.saved_by} saved this page on {moment_label(self.saved_at)}, "
            f"after you opened it, and changed {fields}. Your text is still in the form. "
            "Compare the two versions in the yellow box above."
        )
