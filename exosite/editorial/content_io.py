"""Read and write ``content/``: Markdown files with YAML front matter, one per object.

``load()`` brings the files into the database and ``export()`` writes the database
back out, so the admin and the repository can each be where content is edited.

The guarantees, for every kind of content:

* A load checks every file before it writes anything. A broken file (bad front
  matter, a missing or wrong field, a duplicate slug) stops the load with the
  file, the line and the problem, and the database is left as it was.
* A load runs in one transaction and is idempotent: a second run changes nothing.
* A load never silently overwrites an object an editor changed in the admin since
  the last load or export. It reports the conflict and writes nothing unless
  ``force`` is given.
* Load then export gives back identical files (the files are kept in the canonical
  form that ``dump_document`` writes).

Each app describes its content with a ``ContentKind`` (see ``articles/content.py``);
this module does the reading, checking, comparing and writing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule

from exosite.editorial.models import Cited, Source
from exosite.editorial.revisions import (
    IMPORT_REASON_PREFIX,
    change_reason,
    keeps_links,
    record_linked,
)
from exosite.markdown import limits as markdown_limits
from exosite.markdown import normalise_newlines, pages
from exosite.markdown.citations import cited_keys, included_slugs

FRONT_MATTER_FENCE = "---"
# A source's fields, in the order files list them.
SOURCE_FIELDS = ("key", "title", "publisher", "date", "url", "doi", "checked", "background")


# --- Errors and reports ----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ContentError(Exception):
    """One or more content files are broken; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ContentConflict(Exception):
    """Objects were changed in the admin since the last load; nothing was written."""

    def __init__(self, conflicts: list[str]):
        self.conflicts = conflicts
        super().__init__(
            "These were changed in the admin since content/ was last loaded or exported, "
            "and their files differ:\n"
            + "\n".join(f"  {conflict}" for conflict in conflicts)
            + "\nRun `manage.py exportcontent` to keep the admin's version (then review and "
            "commit the files), or `manage.py loadcontent --force` to replace it with the files."
        )


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.written)

    def lines(self) -> list[str]:
        out = []
        for label, names in (
            ("created", self.created),
            ("updated", self.updated),
            ("written", self.written),
        ):
            if names:
                out.append(f"{label} ({len(names)}): {', '.join(names)}")
        if self.unchanged:
            out.append(f"unchanged: {len(self.unchanged)}")
        out.extend(self.notes)
        return out or ["nothing to do"]


# --- Documents: front matter plus a Markdown body -----------------------------------


@dataclass(frozen=True)
class Document:
    front_matter: dict[str, Any]
    body: str
    path: Path | None = None
    raw_front_matter: str = ""
    first_line: int = 2  # the file line where raw_front_matter starts (after the fence)
    body_line: int = 0  # the file line where the body starts

    def line_in_body(self, text: str) -> int | None:
        """The file line where ``text`` first appears in the body."""
        position = self.body.find(text)
        if position < 0 or not self.body_line:
            return None
        return self.body_line + self.body.count("\n", 0, position)

    @property
    def start_line(self) -> int:
        """The line a problem with no line of its own points at: the front matter's start,
        or a list entry's first line."""
        return max(self.first_line - 1, 1) if self.body or self.first_line == 2 else self.first_line

    def line_of(self, key: str) -> int | None:
        """The file line where a front-matter key is written, for error messages."""
        for number, line in enumerate(self.raw_front_matter.split("\n"), start=self.first_line):
            if re.match(rf"^{re.escape(key)}\s*:", line):
                return number
        return None


def parse_document(path: Path, text: str) -> Document:
    """Split a file into front matter and body; raise ContentError naming file and line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentError(
            [Problem(path, "the file must start with front matter: a line '---'", 1)]
        )
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ContentError(
            [Problem(path, "the front matter is never closed: add a line '---' after it", 1)]
        ) from None
    raw = "\n".join(lines[1:end])
    try:
        data = yaml.load(raw, Loader=_Loader)
    except yaml.YAMLError as error:
        # The context mark is where the broken construct starts, usually the editor's typo;
        # the problem mark is where the parser noticed. Line 1 of the file is the fence.
        start = getattr(error, "context_mark", None)
        noticed = getattr(error, "problem_mark", None)
        problem = " ".join(
            part
            for part in (getattr(error, "context", None), getattr(error, "problem", None))
            if part
        ) or str(error)
        mark = start or noticed
        line = mark.line + 2 if mark is not None else None
        if start and noticed and noticed.line != start.line:
            problem += f" (noticed at line {noticed.line + 2})"
        raise ContentError(
            [Problem(path, f"the front matter is not valid YAML: {problem}", line)]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            [Problem(path, "the front matter must be a set of 'field: value' lines", 2)]
        )
    body = "\n".join(lines[end + 1 :])
    # normalise_newlines drops leading blank lines: count them to keep line numbers right.
    leading = len(body) - len(body.lstrip("\n"))
    return Document(data, normalise_newlines(body), path, raw, body_line=end + 2 + leading)


# libyaml's loader and dumper where installed (ten times faster); the same YAML either way.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Text over several lines (a review note) is written as a block, as people write it."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )


def dump_document(document: Document) -> str:
    """The canonical text of a document: what export writes and what hashes are taken of."""
    front = dump_yaml(document.front_matter)
    return f"{FRONT_MATTER_FENCE}\n{front}{FRONT_MATTER_FENCE}\n\n{document.body}"


def content_hash(document: Document) -> str:
    return hashlib.sha256(dump_document(document).encode("utf-8")).hexdigest()


# --- Checking files with the models' own forms -----------------------------------------


def omit_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Optional fields are left out of a file when empty, so files stay short and stable."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {}, False)}


def _message(errors: Iterable) -> str:
    return " ".join(str(error) for error in errors)


class SourceForm(forms.ModelForm):
    """One entry of a file's ``sources``, checked as the admin checks it."""

    class Meta:
        model = Source
        fields = SOURCE_FIELDS


class ContentKind:
    """How one model maps to files under content/. Subclassed per app, declaratively.

    A file's fields are checked by a ``ModelForm`` of the model (``form_fields``), so a
    file is held to the same rules as the admin's form and the model's own ``clean()``;
    each error is reported with the file and the line of the field. ``related`` fields
    name other objects by slug (a question's category and guide sections) and are checked
    across the whole load. ``sources`` (for a ``Cited`` model) are checked entry by
    entry, and the text's citations against them.

    By default each object is one Markdown file, ``<folder>/<slug>.md``; a kind kept as
    one YAML list (``YamlListKind``) overrides ``read`` and ``write``.
    """

    folder: str  # under content/, e.g. "guide"
    label: str  # for messages, e.g. "guide section"
    model: type[models.Model]
    # The fields a file may have, in the order files list them ("sources" and the related
    # fields included; the Markdown body is the text after the front matter).
    fields: tuple[str, ...]
    # Fields that name other objects by slug: field -> (model, many).
    related: dict[str, tuple[type[models.Model], bool]] = {}
    has_body = True

    @property
    def has_sources(self) -> bool:
        return issubclass(self.model, Cited)

    @property
    def markdown_field(self) -> str | None:
        return getattr(self.model, "markdown_field", None) if self.has_body else None

    @property
    def form_fields(self) -> list[str]:
        names = [name for name in self.fields if name != "sources" and name not in self.related]
        return [*names, self.markdown_field] if self.markdown_field else names

    def form_class(self) -> type[forms.ModelForm]:
        return forms.modelform_factory(self.model, fields=self.form_fields)

    def to_form(self, name: str, value: Any) -> Any:
        """A front-matter value as the form takes it (a YAML list of aliases, say)."""
        return value

    def from_model(self, name: str, value: Any) -> Any:
        """A model's value as the file writes it (the inverse of ``to_form``)."""
        if isinstance(value, datetime.datetime):
            # One canonical form (UTC), so that a load then an export gives the same file.
            return value.astimezone(datetime.UTC)
        return value

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        """Validate one document; return its cleaned values and every problem found."""
        path = document.path or Path("?")
        data = document.front_matter
        problems = [
            Problem(
                path,
                f"unknown field '{key}' (allowed: {', '.join(self.fields)})",
                document.line_of(key),
            )
            for key in sorted(set(data) - set(self.fields))
        ]
        form_data = {
            name: self.to_form(name, data[name]) for name in self.form_fields if name in data
        }
        if self.markdown_field:
            form_data[self.markdown_field] = document.body
            if not document.body.strip():
                problems.append(Problem(path, "the file has no text after its front matter"))
        slug = data.get("slug")
        existing = (
            self.model._default_manager.filter(slug=slug).first() if isinstance(slug, str) else None
        )
        form = self.form_class()(data=form_data, instance=existing or self.model())
        for name, errors in form.errors.items():
            key = self.markdown_field if name == "__all__" else name
            where = (
                document.line_of(key) or document.start_line if key != self.markdown_field else None
            )
            label = "the text" if name == self.markdown_field else f"'{name}'"
            if name == "__all__":
                problems.append(Problem(path, _message(errors), document.line_of("slug")))
            else:
                problems.append(Problem(path, f"{label}: {_message(errors)}", where))
        values: dict[str, Any] = {
            name: form.cleaned_data.get(name) for name in self.form_fields if name in form.fields
        }
        if self.markdown_field:
            values["body"] = values.pop(self.markdown_field, document.body) or document.body
        for name, (_model, many) in self.related.items():
            value = data.get(name, [] if many else None)
            if many and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(
                    Problem(path, f"'{name}' must be a list of slugs", document.line_of(name))
                )
                value = []
            if not many and not isinstance(value, str):
                problems.append(Problem(path, f"'{name}' must be a slug", document.line_of(name)))
                value = ""
            values[name] = value
        if self.has_sources:
            values["sources"] = self._check_sources(document, problems)
            own = {source["key"] for source in values["sources"]}
            for key in sorted(set(cited_keys(document.body)) - own):
                problems.append(
                    Problem(
                        path,
                        f"the text cites [^{key}], which is not in its 'sources'",
                        document.line_in_body(f"[^{key}]"),
                    )
                )
        return values, problems

    def _check_sources(self, document: Document, problems: list[Problem]) -> list[dict]:
        path = document.path or Path("?")
        entries = document.front_matter.get("sources") or []
        line = document.line_of("sources")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.append(
                Problem(path, "'sources' must be a list of entries starting with '- '", line)
            )
            return []
        sources, keys = [], set()
        for number, entry in enumerate(entries, start=1):
            unknown = sorted(set(entry) - set(SOURCE_FIELDS))
            if unknown:
                problems.append(
                    Problem(
                        path,
                        f"entry {number} of 'sources' has unknown field(s) "
                        f"{', '.join(unknown)} (allowed: {', '.join(SOURCE_FIELDS)})",
                        line,
                    )
                )
            form = SourceForm(
                data={
                    name: entry.get(name) for name in SOURCE_FIELDS if entry.get(name) is not None
                }
            )
            if not form.is_valid():
                for name, errors in form.errors.items():
                    field = "" if name == "__all__" else f"'{name}': "
                    problems.append(
                        Problem(
                            path, f"entry {number} of 'sources': {field}{_message(errors)}", line
                        )
                    )
                continue
            cleaned = {name: form.cleaned_data.get(name) for name in SOURCE_FIELDS}
            if cleaned["key"] in keys:
                problems.append(
                    Problem(
                        path,
                        f"entry {number} of 'sources' repeats the key '{cleaned['key']}'",
                        line,
                    )
                )
            keys.add(cleaned["key"])
            sources.append(cleaned)
        return sources

    def values_of(self, obj: Any) -> dict[str, Any]:
        """The values a file of ``obj`` holds: the same shape ``check`` gives."""
        values = {
            name: self.from_model(name, value)
            for name, value in forms.model_to_dict(obj, fields=self.form_fields).items()
        }
        if self.markdown_field:
            values["body"] = values.pop(self.markdown_field)
        for name, (_model, many) in self.related.items():
            related = getattr(obj, name)
            values[name] = [o.slug for o in related.all()] if many else related.slug
        if self.has_sources:
            values["sources"] = [
                {name: getattr(source, name) for name in SOURCE_FIELDS}
                for source in obj.sources.all()
            ]
        return values

    def front_matter(self, values: dict[str, Any]) -> dict[str, Any]:
        """The file's fields in canonical order; optional ones left out when empty."""
        front = {key: self.from_model(key, values.get(key)) for key in self.fields}
        for name, (_model, many) in self.related.items():
            if many:
                front[name] = sorted(front[name] or [])  # one canonical order
        if front.get("sources"):
            front["sources"] = [omit_empty(source) for source in front["sources"]]
        return omit_empty(front)

    def save(self, values: dict[str, Any], obj: Any | None) -> Any:
        """Create (obj is None) or update an object from checked values."""
        obj = obj or self.model()
        with transaction.atomic():
            for name in self.form_fields:
                if name != self.markdown_field:
                    setattr(obj, name, values[name])
            if self.markdown_field:
                setattr(obj, self.markdown_field, values["body"])
            for name, (model, many) in self.related.items():
                if not many:
                    setattr(obj, name, model._default_manager.get(slug=values[name]))
            obj.save()
            for name, (model, many) in self.related.items():
                if many:
                    getattr(obj, name).set(model._default_manager.filter(slug__in=values[name]))
            if self.has_sources:
                obj.set_sources(values["sources"])
                obj.after_sources_changed()
            if keeps_links(obj):
                record_linked(obj)
        return obj

    def check_all(self, checked: list[Checked], loading: dict[str, list[Checked]]) -> list[Problem]:
        """Problems that only show across files: a slug that names nothing, in this load
        or already in the database; a content block that does not exist."""
        problems = []
        known: dict[type, set[str]] = {}
        for model, _many in self.related.values():
            in_load = {
                values.get("slug")
                for kind_checked in loading.values()
                for _, values in kind_checked
                if values.get("_model") is model
            }
            known[model] = in_load | set(model._default_manager.values_list("slug", flat=True))
        blocks = _known_blocks(loading)
        for document, values in checked:
            path = document.path or Path("?")
            for name, (model, many) in self.related.items():
                for slug in values[name] if many else [values[name]]:
                    if slug and slug not in known[model]:
                        problems.append(
                            Problem(
                                path,
                                f"'{name}' names '{slug}', which is not a "
                                f"{model._meta.verbose_name}",
                                document.line_of(name),
                            )
                        )
            for slug in included_slugs(document.body):
                if slug not in blocks:
                    problems.append(
                        Problem(
                            path,
                            f"the text includes {{{{ {slug} }}}}, but no content "
                            "block has that slug",
                            document.line_in_body(slug),
                        )
                    )
        return problems

    def queryset(self) -> models.QuerySet:
        queryset = self.model._default_manager.all()
        if self.has_sources:
            queryset = queryset.prefetch_related("sources")
        many = [name for name, (_model, is_many) in self.related.items() if is_many]
        one = [name for name, (_model, is_many) in self.related.items() if not is_many]
        queryset = queryset.prefetch_related(*many)
        return queryset.select_related(*one) if one else queryset

    def export_order(self, obj: Any) -> Any:
        """Sort key for export, computed in Python so every database writes the same file."""
        return obj.slug

    def after_load(self) -> None:
        """Called once, inside the load's transaction, if any of this kind changed."""

    def document(self, values: dict[str, Any]) -> Document:
        return Document(self.front_matter(values), normalise_newlines(values.get("body", "")))

    def document_of(self, obj: Any) -> Document:
        """The document an object is exported as."""
        return self.document(self.values_of(obj))

    def read(self, root: Path) -> tuple[list[Document], list[Problem]]:
        folder = root / self.folder
        if not folder.is_dir():
            return [], [Problem(folder, f"the folder for {self.label}s does not exist")]
        documents, problems = [], []
        for path in sorted(folder.glob("*.md")):
            try:
                document = parse_document(path, path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                problems.append(Problem(path, "the file is not UTF-8 text"))
                continue
            except ContentError as error:
                problems.extend(error.problems)
                continue
            problems.extend(
                Problem(path, f"the text cannot be rendered: {problem}")
                for problem in markdown_limits.problems(document.body)
            )
            slug = document.front_matter.get("slug")
            if isinstance(slug, str) and slug and path.stem != slug:
                problems.append(
                    Problem(
                        path,
                        f"the file name must match the slug: rename the file to {slug}.md "
                        f"or change the slug to '{path.stem}'",
                        document.line_of("slug"),
                    )
                )
            documents.append(document)
        return documents, problems

    def write(self, root: Path, documents: list[Document], report: Report) -> None:
        folder = root / self.folder
        folder.mkdir(parents=True, exist_ok=True)
        slugs = set()
        for document in documents:
            slug = document.front_matter["slug"]
            slugs.add(slug)
            _write_if_changed(folder / f"{slug}.md", dump_document(document), report)
        for path in sorted(folder.glob("*.md")):
            if path.stem not in slugs:
                report.notes.append(
                    f"{path} has no {self.label} in the database (renamed or deleted in the "
                    "admin?); it was left in place. Delete it if it is no longer wanted."
                )


class YamlListKind(ContentKind):
    """A kind whose objects are short entries in one YAML list, e.g. FAQ categories."""

    filename: str
    has_body = False

    def read(self, root: Path) -> tuple[list[Document], list[Problem]]:
        path = root / self.folder / self.filename
        if not path.is_file():
            return [], [Problem(path, f"this file is missing; it should list every {self.label}")]
        text = path.read_text(encoding="utf-8")
        try:
            entries = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(error, "problem", None) or str(error)
            return [], [Problem(path, f"not valid YAML: {problem}", line)]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return [], [Problem(path, f"must be a list of {self.label}s, each starting with '- '")]
        lines = text.split("\n")
        starts = [number for number, line in enumerate(lines, start=1) if line.startswith("- ")]
        documents = []
        for index, entry in enumerate(entries):
            first = starts[index] if index < len(starts) else 1
            raw = "\n".join(line.lstrip("- ").lstrip() for line in lines[first - 1 :])
            documents.append(Document(entry, "", path, raw, first_line=first))
        return documents, []

    def write(self, root: Path, documents: list[Document], report: Report) -> None:
        entries = [document.front_matter for document in documents]
        text = dump_yaml(entries)
        (root / self.folder).mkdir(parents=True, exist_ok=True)
        _write_if_changed(root / self.folder / self.filename, text, report)


Checked = tuple[Document, dict[str, Any]]


def _known_blocks(loading: dict[str, list[Checked]]) -> set[str]:
    label = getattr(settings, "CONTENT_BLOCK_MODEL", "")
    if not label:
        return set()
    model = apps.get_model(label)
    in_load = {
        values.get("slug")
        for checked in loading.values()
        for _, values in checked
        if values.get("_model") is model
    }
    return in_load | set(model._default_manager.values_list("slug", flat=True))


def _read_kind(kind: ContentKind, root: Path) -> tuple[list[Checked], list[Problem]]:
    documents, problems = kind.read(root)
    checked: list[Checked] = []
    seen: dict[str, Path | None] = {}
    for document in documents:
        values, found = kind.check(document)
        values["_model"] = kind.model
        problems.extend(found)
        slug = values.get("slug")
        if slug and slug in seen:
            problems.append(
                Problem(
                    document.path or Path("?"),
                    f"the slug '{slug}' is already used by {seen[slug]}",
                    document.line_of("slug"),
                )
            )
        if slug:
            seen.setdefault(slug, document.path)
        checked.append((document, values))
    return checked, problems


def _mark_synced(obj: Any, digest: str) -> None:
    """Remember what the object looked like when it last matched its file."""
    type(obj)._default_manager.filter(pk=obj.pk).update(synced_hash=digest)
    obj.synced_hash = digest


def load(kinds: list[ContentKind], root: Path, *, force: bool = False) -> Report:
    """Load every kind's files under ``root`` into the database, all or nothing.

    Kinds are saved in the order given, so a kind that refers to another (questions to
    their categories) comes after it.
    """
    report = Report()
    everything: list[tuple[ContentKind, list[Checked]]] = []
    problems: list[Problem] = []
    for kind in kinds:
        checked, found = _read_kind(kind, root)
        everything.append((kind, checked))
        problems.extend(found)
    if not problems:
        loading = {kind.label: checked for kind, checked in everything}
        for kind, checked in everything:
            problems.extend(kind.check_all(checked, loading))
    if problems:
        raise ContentError(problems)

    conflicts: list[str] = []
    with transaction.atomic():
        with pages.batch():
            for kind, checked in everything:
                changes_before = len(report.created) + len(report.updated)
                existing = {obj.slug: obj for obj in kind.queryset()}
                for document, values in checked:
                    values.pop("_model", None)
                    name = f"{kind.label} '{values['slug']}'"
                    file_hash = content_hash(kind.document(values))
                    obj = existing.pop(values["slug"], None)
                    source = document.path or root / kind.folder
                    reason = f"{IMPORT_REASON_PREFIX}{_shown_path(source, root)}"
                    if obj is None:
                        with change_reason(reason):
                            _mark_synced(kind.save(values, None), file_hash)
                        report.created.append(name)
                        continue
                    db_hash = content_hash(kind.document_of(obj))
                    if db_hash == file_hash:
                        if obj.synced_hash != db_hash:
                            _mark_synced(obj, db_hash)
                        report.unchanged.append(name)
                    elif obj.synced_hash != db_hash and not force:
                        conflicts.append(f"{name} ({document.path})")
                    else:
                        with change_reason(reason):
                            _mark_synced(kind.save(values, obj), file_hash)
                        report.updated.append(name)
                if len(report.created) + len(report.updated) > changes_before:
                    kind.after_load()
                for slug in sorted(existing):
                    report.notes.append(
                        f"{kind.label} '{slug}' is in the database but not in "
                        f"{root / kind.folder}; it was left as it is."
                    )
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise ContentConflict(conflicts)
    return report


def _shown_path(path: Path, root: Path) -> str:
    """content/guide/cost.md, as an editor knows the file."""
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def export(kinds: list[ContentKind], root: Path) -> Report:
    """Write every object back to its file, so admin edits can be reviewed and committed."""
    report = Report()
    with transaction.atomic():
        for kind in kinds:
            objects = sorted(kind.queryset(), key=kind.export_order)
            documents = [kind.document_of(obj) for obj in objects]
            kind.write(root, documents, report)
            for obj, document in zip(objects, documents, strict=True):
                digest = content_hash(document)
                if obj.synced_hash != digest:
                    _mark_synced(obj, digest)
    return report


def _write_if_changed(path: Path, text: str, report: Report) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        report.unchanged.append(str(path))
        return
    # Write next to the file and rename, so a crash never leaves half a file.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    temporary.replace(path)
    report.written.append(str(path))


def registered_kinds() -> list[ContentKind]:
    """Every app's kinds of content, from its ``content.CONTENT_KINDS``, in app order."""
    kinds: list[ContentKind] = []
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, "content"):
            kinds.extend(import_module(f"{app.name}.content").CONTENT_KINDS)
    return kinds
