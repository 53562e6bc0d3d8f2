"""Guard rails on publishing actions, for every page with a status (``Publishable``).

``PublishingGuards`` is mixed into the admin of every kind of page. For pages with a
status it:

* refuses "Scheduled" with a publish time that has passed, in the change form and in the
  list's in-place status editing (``Publishable.past_schedule_problem``);
* adds a "Visitors" column to the list: "Live now" or "Not live";
* asks before a save takes a page down (archived, or a live page back to draft or
  scheduled), from its form or from the list's in-place status editing: the confirmation
  says how many published pages link to it, and for an archived page lets the editor pick
  a replacement page (``Replacement``), which the "page removed" (410) page links to; an
  archived page's form lets the editor change it.

``link_check_all`` is the admin's "Check all links" page, for every kind of page at once.

For every page with Markdown text, a save is refused while an image has no alt text or
still has the upload's placeholder (``image_alt_problems``), and the alt text a page gives
an image from the library is remembered there, for the next editor who inserts it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote as admin_unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from exosite.editorial.linkcheck import check_links, links_in, site_host
from exosite.editorial.markdown_editor import ALT_PLACEHOLDER
from exosite.editorial.models import Replacement, UploadedImage
from exosite.editorial.page_urls import admin_url
from exosite.editorial.publishing import Publishable, Status, publishable_models
from exosite.markdown.pages import markdown_page_models
from exosite.markdown.slug_links import SlugLink

# The confirmation page's button, and its field for the replacement of page <pk>.
TAKEDOWN_CONFIRMED = "_takedown_confirmed"
TAKEDOWN_CANCELLED = "_takedown_cancelled"
REPLACEMENT_FIELD = "replacement-{pk}"

STATUS_COLUMNS = ("status", "publication")


# --- What links to a page ----------------------------------------------------------------


def _label(page) -> str:
    kind = getattr(page, "page_label", None) or str(page._meta.verbose_name).capitalize()
    return f"{kind} \u201c{page}\u201d"


def _links_to(target: str, page) -> bool:
    """Whether a link's address (as written in Markdown) leads to the page."""
    slug_link = SlugLink.parse(target)
    if slug_link is not None:
        return getattr(
            page, "slug_link_kind", None
        ) == slug_link.kind and slug_link.slug == getattr(page, "slug", None)
    parts = urlsplit(target)
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return False
    if parts.netloc and parts.netloc != site_host():
        return False
    path = unquote(parts.path)
    if not path.startswith("/"):
        return False
    own = urlsplit(page.get_absolute_url()).path
    return path == own or f"{path}/" == own


def pages_linking_to(page) -> list:
    """The pages readers can see whose text links to ``page`` (by slug or by address):
    published pages, and content blocks (shown inside the pages that include them)."""
    found = []
    for model in markdown_page_models():
        pages = model.objects.published() if issubclass(model, Publishable) else model.objects.all()
        for other in pages:
            if other == page:
                continue
            if any(_links_to(link.target, page) for link in links_in(other.markdown_text)):
                found.append(other)
    return found


# --- Images' alt text ------------------------------------------------------------------

_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)


def image_alt_problems(markdown_text: str) -> list[str]:
    """What is wrong with the alt text of the images in a text, one sentence each."""
    problems = []
    for link in links_in(markdown_text or ""):
        if link.image and not link.html:  # an HTML <img>'s alt is read below
            problems += _alt_problem(link.line, link.target, link.text.strip())
    for match in _HTML_IMAGE.finditer(markdown_text or ""):
        line = markdown_text.count("\n", 0, match.start()) + 1
        alt = _ALT.search(match.group(0))
        problems += _alt_problem(line, "", alt.group(2).strip() if alt else "")
    return problems


def _alt_problem(line: int, target: str, alt: str) -> list[str]:
    where = f"The image on line {line}" + (f" ({target})" if target else "")
    if not alt:
        return [
            f"{where} has no alt text. Write what it shows between the square brackets, "
            "for people who cannot see it: ![Redness on both cheeks](…)."
        ]
    if alt == ALT_PLACEHOLDER:
        return [
            f"{where} still has the placeholder alt text “{ALT_PLACEHOLDER}”. Replace it "
            "with what the image shows, for people who cannot see it."
        ]
    return []


def validate_image_alt_text(markdown_text: str) -> None:
    problems = image_alt_problems(markdown_text)
    if problems:
        raise ValidationError(problems)


def remember_alt_texts(markdown_text: str) -> None:
    """Give library images without alt text the alt text this page gives them."""
    for link in links_in(markdown_text or ""):
        alt = link.text.strip()
        path = urlsplit(link.target).path
        if not link.image or not alt or alt == ALT_PLACEHOLDER:
            continue
        if not path.startswith(settings.MEDIA_URL):
            continue
        UploadedImage.objects.filter(
            file=unquote(path.removeprefix(settings.MEDIA_URL)), alt_text=""
        ).update(alt_text=alt[: UploadedImage._meta.get_field("alt_text").max_length])


# --- Replacement pages ------------------------------------------------------------------


def _key(page) -> str:
    return f"{page._meta.label_lower}:{page.pk}"


def replacement_choices(exclude=()) -> list:
    """Every published page of every kind, as (kind, [(key, title), ...]) groups."""
    excluded = {_key(page) for page in exclude}
    groups = []
    for model in publishable_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        options = [
            (_key(page), str(page))
            for page in model.objects.published()
            if _key(page) not in excluded
        ]
        if options:
            label = getattr(model, "page_label", None) or model._meta.verbose_name
            groups.append((f"{label}s", sorted(options, key=lambda option: option[1])))
    return groups


def _page_for_key(key: str):
    label, _, pk = key.partition(":")
    for model in publishable_models():
        if model._meta.label_lower == label:
            return model.objects.published().filter(pk=pk).first() if pk.isdigit() else None
    return None


def set_replacement(page, key: str, user) -> object | None:
    """Record (or, with an empty key, forget) the replacement of an archived page."""
    where = {"content_type": ContentType.objects.get_for_model(type(page)), "object_id": page.pk}
    target = _page_for_key(key) if key else None
    if target is None:
        Replacement.objects.filter(**where).delete()
        return None
    Replacement.objects.update_or_create(
        **where,
        defaults={
            "replacement_type": ContentType.objects.get_for_model(type(target)),
            "replacement_id": target.pk,
            "chosen_by": user,
        },
    )
    return target


# --- Taking a page down -----------------------------------------------------------------


@dataclass
class Takedown:
    """A page a save is about to take off the site, and what visitors will then get."""

    page: Publishable
    new_status: str
    linked_from: list

    @property
    def archiving(self) -> bool:
        return self.new_status == Status.ARCHIVED

    @property
    def label(self) -> str:
        return _label(self.page)

    @property
    def field_name(self) -> str:
        return REPLACEMENT_FIELD.format(pk=self.page.pk)

    @property
    def links(self) -> list[dict]:
        return [{"label": _label(page), "edit_url": admin_url(page)} for page in self.linked_from]


def takes_down(page: Publishable, changed: Publishable) -> bool:
    """Whether saving the page as ``changed`` takes it off the site: archiving it (from
    any status), or a live page going back to draft or to a time in the future."""
    if changed.status == page.status:
        return False
    if changed.status == Status.ARCHIVED:
        return True
    return page.is_published and not changed.is_published


def _refuses_past_schedules(form_class):
    """The admin's form, with the past-schedule check run on the page as it would be
    saved (after the model's own checks, so a missing publish time is reported first)."""

    class ScheduleCheckedForm(form_class):
        def _post_clean(self):
            if getattr(self, "takedown_cancelled", False):
                self.add_error(
                    None,
                    "Not saved: you chose not to take the page off the site. Everything "
                    "you typed is still in the form; change the status to save it.",
                )
            super()._post_clean()
            if self.has_error("status") or self.has_error("publish_at"):
                return
            problem = self.instance.past_schedule_problem()
            if problem:
                self.add_error("status" if "status" in self.fields else None, problem)

    ScheduleCheckedForm.__name__ = form_class.__name__
    return ScheduleCheckedForm


class PublishingGuards:
    """Admin guard rails for pages with a status; harmless for other models."""

    @property
    def _has_status(self) -> bool:
        return issubclass(self.model, Publishable)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not self._has_status:
            return form
        form = _refuses_past_schedules(form)
        form.takedown_cancelled = getattr(request, "_takedown_cancelled", False)
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name == getattr(self.model, "markdown_field", None):
            formfield.validators.append(validate_image_alt_text)
        return formfield

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        return _refuses_past_schedules(form) if self._has_status else form

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if not self._has_status or "visitors" in columns:
            return columns
        after = next((i for i, name in enumerate(columns) if name in STATUS_COLUMNS), None)
        columns.insert(len(columns) if after is None else after + 1, "visitors")
        return columns

    @admin.display(description="Visitors")
    def visitors(self, page: Publishable) -> str:
        return page.visitors_label

    # --- An archived page's replacement, changeable in its form -----------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._has_status or obj is None or obj.status != Status.ARCHIVED:
            return fieldsets
        placed = []
        for name, options in fieldsets:
            fields = list(options.get("fields", ()))
            if "status" in fields and "replacement_page" not in fields:
                options = {**options, "fields": [*fields, "replacement_page"]}
            placed.append((name, options))
        return placed

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._has_status and obj is not None and obj.status == Status.ARCHIVED:
            fields.append("replacement_page")
        return fields

    @admin.display(description="Send readers on to")
    def replacement_page(self, page: Publishable) -> str:
        """A choice of published page, posted with the form (``save_model`` records it)."""
        current = Replacement.for_page(page)
        return render_to_string(
            "admin/includes/replacement_select.html",
            {
                "field_name": REPLACEMENT_FIELD.format(pk=page.pk),
                "choices": replacement_choices(exclude=[page]),
                "selected": _key(current) if current is not None else "",
            },
        )

    # --- Taking pages down: ask first -------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self._has_status and request.method == "POST" and object_id is not None:
            page = self.get_object(request, admin_unquote(object_id))
            if page is not None and self.has_change_permission(request, page):
                if TAKEDOWN_CANCELLED in request.POST:
                    request._takedown_cancelled = True
                elif TAKEDOWN_CONFIRMED not in request.POST:
                    changed = self._as_saved(request, page)
                    if changed is not None and takes_down(page, changed):
                        return self.confirm_takedown(request, [(page, changed.status)])
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _as_saved(self, request, page):
        """The page as this form would save it, or None if the form has errors (the
        editor sees them first, then the confirmation)."""
        form_class = self.get_form(request, page, change=True)
        form = form_class(request.POST, request.FILES, instance=copy.copy(page))
        return form.instance if form.is_valid() else None

    def changelist_view(self, request, extra_context=None):
        if (
            self._has_status
            and request.method == "POST"
            and "_save" in request.POST
            and "status" in (self.list_editable or ())
            and TAKEDOWN_CONFIRMED not in request.POST
        ):
            changes = {}
            for key, value in request.POST.items():
                if key.startswith("form-") and key.endswith("-id") and value.isdigit():
                    status = request.POST.get(f"{key.removesuffix('-id')}-status")
                    changes[int(value)] = status
            pages = self.get_queryset(request).filter(pk__in=changes)
            taken_down = []
            for page in pages:
                changed = copy.copy(page)
                changed.status = changes[page.pk] or page.status
                if changed.status == Status.SCHEDULED and changed.publish_at is None:
                    continue  # refused with its own message when the list is checked
                if takes_down(page, changed) and self.has_change_permission(request, page):
                    taken_down.append((page, changed.status))
            if taken_down:
                return self.confirm_takedown(request, taken_down, from_list=True)
        return super().changelist_view(request, extra_context)

    def confirm_takedown(self, request: HttpRequest, pages: list, from_list: bool = False):
        """What taking these pages down does to visitors and to the pages that link to
        them, with the editor's form carried along unchanged, to save once confirmed."""
        takedowns = [Takedown(page, status, pages_linking_to(page)) for page, status in pages]
        leaving = [takedown.page for takedown in takedowns]
        carried = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": "Take this page off the site?"
            if len(takedowns) == 1
            else f"Take these {len(takedowns)} pages off the site?",
            "takedowns": takedowns,
            "choices": replacement_choices(exclude=leaving),
            "carried": carried,
            "from_list": from_list,
            "confirm_button": TAKEDOWN_CONFIRMED,
            "cancel_button": TAKEDOWN_CANCELLED,
            "back_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/takedown_confirm.html", context)

    def save_model(self, request, obj, form, change) -> None:
        replacement_key = REPLACEMENT_FIELD.format(pk=obj.pk)
        if self._has_status and obj.status == Status.ARCHIVED and replacement_key in request.POST:
            target = set_replacement(obj, request.POST[replacement_key], request.user)
            if target is not None:
                self.message_user(
                    request,
                    f"Readers who follow an old link to \u201c{obj}\u201d are told it was "
                    f"removed and sent on to {_label(target)}.",
                    messages.SUCCESS,
                )
        if hasattr(obj, "markdown_text"):
            # Before the save: a live page's edit is kept as a pending change and the page
            # rolled back (exosite.editorial.staging); the library keeps the alt text anyway.
            remember_alt_texts(obj.markdown_text)
        super().save_model(request, obj, form, change)


def link_check_all(request: HttpRequest) -> HttpResponse:
    """One page that checks the internal links of every kind of page at once."""
    context = {
        **admin.site.each_context(request),
        "title": "Check all links",
        "report": check_links(),
    }
    return TemplateResponse(request, "admin/link_check_all.html", context)
