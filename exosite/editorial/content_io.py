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
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from exosite.editorial.revisions import IMPORT_REASON_PREFIX, change_reason
from exosite.markdown import limits as markdown_limits
from exosite.markdown import normalise_newlines

FRONT_MATTER_FENCE = "---"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        data = yaml.safe_load(raw)
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
    return Document(data, normalise_newlines(body), path, raw)


def dump_document(document: Document) -> str:
    """The canonical text of a document: what export writes and what hashes are taken of."""
    front = yaml.safe_dump(
        document.front_matter,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )
    return f"{FRONT_MATTER_FENCE}\n{front}{FRONT_MATTER_FENCE}\n\n{document.body}"


def content_hash(document: Document) -> str:
    return hashlib.sha256(dump_document(document).encode("utf-8")).hexdigest()


# --- Checking fields -----------------------------------------------------------------


class FieldChecker:
    """Collects every problem in one document's front matter, each with its line."""

    def __init__(
        self, document: Document, allowed: Iterable[str], model: type[models.Model] | None = None
    ):
        self.document = document
        self.model = model  # text fields take their length limit from it
        self.data = document.front_matter
        self.problems: list[Problem] = []
        unknown = sorted(set(self.data) - set(allowed))
        for key in unknown:
            self.fail(key, f"unknown field '{key}' (allowed: {', '.join(allowed)})")

    def fail(self, key: str, message: str) -> None:
        path = self.document.path or Path("?")
        self.problems.append(Problem(path, message, self.document.line_of(key)))

    def text(self, key: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(key, f"the required field '{key}' is missing or empty")
            return ""
        if not isinstance(value, str | int | float):
            self.fail(key, f"'{key}' must be text")
            return ""
        value = str(value).strip()
        if max_length is None and self.model is not None:
            max_length = getattr(self.model._meta.get_field(key), "max_length", None)
        if max_length and len(value) > max_length:
            self.fail(key, f"'{key}' is {len(value)} characters long; the limit is {max_length}")
        return value

    def slug(self, key: str = "slug") -> str:
        value = self.text(key)
        if value and not SLUG_PATTERN.match(value):
            self.fail(key, f"'{key}' must be lowercase letters, digits and hyphens, not {value!r}")
        return value

    def integer(self, key: str, *, required: bool = True, minimum: int = 0) -> int:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"the required field '{key}' is missing")
            return minimum
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"'{key}' must be a whole number, not {value!r}")
            return minimum
        if value < minimum:
            self.fail(key, f"'{key}' must be {minimum} or more")
        return value

    def moment(self, key: str) -> datetime.datetime | None:
        """An optional date and time, e.g. 2027-01-15 09:00:00+00:00 (without an offset,
        the site's time zone)."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            self.fail(
                key,
                f"'{key}' must be a date and time written as YYYY-MM-DD HH:MM:SS+00:00, "
                f"not {value!r}",
            )
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # One canonical form (UTC), so that a load then an export gives the same file.
        return value.astimezone(datetime.UTC)

    def date(self, key: str, *, required: bool = True) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"the required field '{key}' is missing (write it as YYYY-MM-DD)")
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        self.fail(key, f"'{key}' must be a date written as YYYY-MM-DD, not {value!r}")
        return None

    def choice(self, key: str, choices: Iterable[str], default: str) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            self.fail(key, f"'{key}' must be one of {', '.join(choices)}, not {value!r}")
            return default
        return value

    def string_list(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"'{key}' must be a list of text items")
            return []
        return [v.strip() for v in value]

    def mapping_list(self, key: str, fields: tuple[str, ...], required: tuple[str, ...]):
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"'{key}' must be a list of entries starting with '- '")
            return []
        items = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                self.fail(key, f"entry {number} of '{key}' must have fields like 'title: ...'")
                continue
            unknown = sorted(set(item) - set(fields))
            if unknown:
                self.fail(
                    key,
                    f"entry {number} of '{key}' has unknown field(s) {', '.join(unknown)} "
                    f"(allowed: {', '.join(fields)})",
                )
            for name in required:
                if not str(item.get(name) or "").strip():
                    self.fail(key, f"entry {number} of '{key}' is missing its '{name}'")
            items.append({name: str(item.get(name) or "").strip() for name in fields})
        return items


def omit_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Optional fields are left out of a file when empty, so files stay short and stable."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


# --- Kinds of content ---------------------------------------------------------------


class ContentKind:
    """How one model maps to files under content/. Subclassed per app.

    ``check`` turns a document into values (the body under "body"); ``values_of``
    reads the same values off an object; ``front_matter`` orders them for a file.
    By default each object is one Markdown file, ``<folder>/<slug>.md``; a kind kept
    as one YAML list (``YamlListKind``) overrides ``read`` and ``write``.
    """

    folder: str  # under content/, e.g. "guide"
    label: str  # for messages, e.g. "guide section"
    model: type[models.Model]
    fields: tuple[str, ...]  # the fields a file may have, in the order files list them
    has_body = True

    def check(self, document: Document) -> tuple[dict[str, Any], list[Problem]]:
        """Validate one document; return its cleaned values and every problem found."""
        raise NotImplementedError

    def values_of(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def front_matter(self, values: dict[str, Any]) -> dict[str, Any]:
        """The file's fields in canonical order; optional ones left out when empty."""
        return omit_empty({key: values[key] for key in self.fields})

    def save(self, values: dict[str, Any], obj: Any | None) -> Any:
        """Create (obj is None) or update an object from checked values."""
        raise NotImplementedError

    def check_all(self, checked: list[Checked], loading: dict[str, list[Checked]]) -> list[Problem]:
        """Problems that only show across files, such as a link to a slug that does not
        exist. ``loading`` holds what every kind in this load checked, by folder/label."""
        return []

    def queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

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
            entries = yaml.safe_load(text)
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
        text = yaml.safe_dump(
            entries, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000
        )
        (root / self.folder).mkdir(parents=True, exist_ok=True)
        _write_if_changed(root / self.folder / self.filename, text, report)


Checked = tuple[Document, dict[str, Any]]


def _read_kind(kind: ContentKind, root: Path) -> tuple[list[Checked], list[Problem]]:
    documents, problems = kind.read(root)
    checked: list[Checked] = []
    seen: dict[str, Path | None] = {}
    for document in documents:
        values, found = kind.check(document)
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
        for kind, checked in everything:
            changes_before = len(report.created) + len(report.updated)
            existing = {obj.slug: obj for obj in kind.queryset()}
            for document, values in checked:
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
