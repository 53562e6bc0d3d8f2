"""What every page's sources and medical reviewers are (the exosite app's tables).

``Source`` is one reference a page lists: any page (a guide section, an FAQ answer, a
content block, a standing page) keeps its sources here, through ``Cited``. ``Reviewer`` is
a person who medically reviews pages, with the public profile readers see: name,
credentials, the body that registers them, role and conflicts of interest.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models

from exosite.editorial.page_urls import page_url
from exosite.markdown.citations import Reference


class Source(models.Model):
    """A reference a page's facts rest on; its Markdown cites it as ``[^key]``."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey("content_type", "object_id")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=60,
        help_text="How the text cites it: [^key] right after the claim, e.g. [^fda-2020-alert].",
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published it, e.g. U.S. Food and Drug "
        "Administration, or the journal with year and volume.",
    )
    date = models.CharField(
        max_length=50, blank=True, help_text="As the source gives it, e.g. 6 December 2019."
    )
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField(
        max_length=100, blank=True, help_text="For a paper: its DOI, e.g. 10.2340/00015555-3666."
    )
    checked = models.DateField(
        null=True, blank=True, help_text="When an editor last checked that it still says this."
    )
    background = models.BooleanField(
        default=False,
        help_text="Background reading (the clinic article the site began from): listed, but "
        "never the only support of a medical claim, and the only kind allowed without an "
        "address or DOI.",
    )

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "key"], name="one_source_per_key_per_page"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not (self.url or self.doi or self.background):
            raise ValidationError(
                "Give the source's address or DOI, so readers can check it (only background "
                "reading may have neither)."
            )
        if self.doi and not self.doi.startswith("10."):
            raise ValidationError({"doi": "A DOI starts with 10., e.g. 10.2340/00015555-3666."})

    def as_reference(self) -> Reference:
        return Reference(
            key=self.key,
            title=self.title,
            publisher=self.publisher,
            date=self.date,
            url=self.url,
            doi=self.doi,
            checked=self.checked,
            background=self.background,
        )

    def as_dict(self) -> dict:
        """What a revision keeps of it, and what a content file lists."""
        data = self.as_reference().as_dict()
        for derived in ("number", "cited"):
            data.pop(derived)
        return data


class Cited(models.Model):
    """A page with sources. Rendering numbers them, with those of the blocks it includes.

    Its sources are kept with each revision, compared and restored with its text
    (``exosite.editorial.revisions.LinkedRecords``)."""

    sources = GenericRelation(Source)

    class Meta:
        abstract = True

    linked_label = "Sources"

    def linked_records(self) -> list[dict]:
        return self.source_records()

    @staticmethod
    def linked_lines(records: list[dict]) -> list[str]:
        fields = ("key", "title", "publisher", "date", "url", "doi")
        return [". ".join(str(r[f]) for f in fields if r.get(f)) for r in records]

    def set_linked(self, records: list[dict]) -> None:
        self.set_sources(records)

    def after_sources_changed(self) -> None:
        """The sources are saved after the page (an admin inline, a file): number the
        citations against them now."""
        self.refresh_rendering()

    def citation_sources(self) -> list[Reference]:
        if self.pk is None:
            return []
        return [source.as_reference() for source in Source.objects.filter(**self._source_filter())]

    def _source_filter(self) -> dict:
        return {
            "content_type": ContentType.objects.get_for_model(type(self)),
            "object_id": self.pk,
        }

    def set_sources(self, records: list[dict]) -> None:
        """Replace the sources with these, in this order (from a file or a revision). A
        revision kept before sources had keys gets keys by position (source-1, ...)."""
        Source.objects.filter(**self._source_filter()).delete()
        fields = {"key", "title", "publisher", "date", "url", "doi", "checked", "background"}
        created = []
        for number, record in enumerate(records, start=1):
            values = {name: value for name, value in record.items() if name in fields}
            values.setdefault("key", f"source-{number}")
            checked = values.get("checked") or None
            if isinstance(checked, str):
                checked = datetime.date.fromisoformat(checked)
            values["checked"] = checked
            created.append(Source(**self._source_filter(), order=number, **values))
        Source.objects.bulk_create(created)

    def source_records(self) -> list[dict]:
        # A fresh query, never a prefetched list that may predate the latest save.
        return [source.as_dict() for source in Source.objects.filter(**self._source_filter())]


class Reviewer(models.Model):
    """A person who medically reviews pages, as readers see them named."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewer",
        help_text="The account they sign pages off with (it must be in the Medical reviewers "
        "group).",
    )
    name = models.CharField(max_length=200, help_text="As readers should see it: Dr Jane Doe.")
    slug = models.SlugField(max_length=80, unique=True, help_text="Their profile's address.")
    credentials = models.CharField(
        max_length=200, help_text="Degrees and board certification, e.g. MD, FAAD."
    )
    registered_with = models.CharField(
        max_length=300,
        help_text="The body that registers or licenses them, and their number, so readers can "
        "check it, e.g. Medical Board of California, licence A12345.",
    )
    role = models.CharField(max_length=200, help_text="e.g. Consultant dermatologist.")
    biography = models.TextField(blank=True)
    conflicts_of_interest = models.TextField(
        help_text="Any payment, shares or work for makers or sellers of these treatments, or "
        "“None declared”. Shown on their profile."
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive reviewers keep their past sign-offs but sign off no more."
    )

    class Meta:
        ordering = ["name"]
        permissions = [("sign_off", "Can sign off pages as medically reviewed")]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}"

    def get_absolute_url(self) -> str:
        return page_url("reviewer", slug=self.slug)


class Replacement(models.Model):
    """Where readers of an archived page are sent: another published page of any kind,
    picked by the editor who archived it. The "page removed" (410) page links to it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    archived_page = GenericForeignKey("content_type", "object_id")
    replacement_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    replacement_id = models.PositiveBigIntegerField()
    replacement = GenericForeignKey("replacement_type", "replacement_id")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_replacement_per_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.archived_page} → {self.replacement}"

    @classmethod
    def for_page(cls, page: models.Model):
        """The published page readers of the archived ``page`` are sent to, if any."""
        chosen = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(type(page)), object_id=page.pk
        ).first()
        target = chosen.replacement if chosen is not None else None
        return target if target is not None and target.is_published else None


class UploadedImage(models.Model):
    """An image an editor uploaded into a page's text: the image library, from which
    editors insert an image again with its alt text."""

    file = models.CharField(
        max_length=200, unique=True, help_text="Where it is stored, under the media folder."
    )
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the image shows, for people who cannot see it, e.g. “Redness on "
        "both cheeks two days after treatment”. Inserting the image from the library "
        "uses this text.",
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "uploaded image"

    def __str__(self) -> str:
        return self.alt_text or self.file.rsplit("/", 1)[-1]

    @property
    def url(self) -> str:
        return default_storage.url(self.file)
