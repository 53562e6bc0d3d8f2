"""Rendered pages for anonymous readers, served from Django's cache.

A reader with no session cookie is anonymous for certain, and every anonymous reader of a
public page sees the same HTML. ``PageCacheMiddleware`` keeps that HTML in the cache
(local memory, or Redis shared by every process) and serves it without touching the
session, the database or a template.

A cached page is current while the *content state* it was rendered under is current. The
state is read from ``ContentVersion``, one database row that every content save bumps in
its own transaction, and kept in the cache for a short while. A save drops the cached
state at once (and again when the transaction commits), so with a shared cache an edit
shows on the next request from any process; with the in-memory cache other processes
catch up within ``PAGE_CACHE_STATE_SECONDS``. A page scheduled to go live changes the
state when its time comes, without anything being saved.

Views opt in with ``@public_page``. Their anonymous responses get ``Cache-Control:
public``, an ``ETag`` and ``Last-Modified`` (so ``ConditionalGetMiddleware`` can answer
304), and lose ``Vary: Cookie``. A signed-in editor's request never touches the cache, and
its response is marked private. If the database is down, a cached copy, even an out of
date one, is served rather than the 503 page.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

logger = logging.getLogger(__name__)

STATE_KEY = "page-cache:state"
PAGE_KEY_PREFIX = "page-cache:page:"
# Response headers kept with a cached page; the security headers are added afresh.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "X-Robots-Tag")
CACHE_STATUS_HEADER = "X-Page-Cache"


@dataclass(frozen=True)
class ContentState:
    """Which version of the content pages are rendered from, and until when that holds."""

    version: str
    changed_at: float  # Unix time of the last change: the pages' Last-Modified
    next_change_at: float | None = None  # when a scheduled page goes live next
    loaded_at: float = field(default_factory=time.time)

    def is_current(self, now: float) -> bool:
        if self.next_change_at is not None and now >= self.next_change_at:
            return False
        return now - self.loaded_at < settings.PAGE_CACHE_STATE_SECONDS


@dataclass(frozen=True)
class CachedPage:
    version: str
    status: int
    content: bytes
    headers: dict[str, str]

    def response(self, cache_status: str) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        response[CACHE_STATUS_HEADER] = cache_status
        return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view's pages as the same for every anonymous reader, so they may be cached
    here, by browsers and by shared caches."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


# --- The content state --------------------------------------------------------------


def content_models() -> list[type[models.Model]]:
    """Every model whose rows appear on pages. Revision records are left out: one is only
    ever written with a save of its page, which counts already."""
    from simple_history.models import HistoricalChanges

    return [
        model
        for label in settings.CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def publication_marks(now: datetime.datetime) -> tuple[float | None, float | None]:
    """The latest scheduled publication time that has passed and the next one still to
    come, over every kind of page (one query for all of them)."""
    from exosite.editorial.publishing import Status, publishable_models

    times = [
        model._base_manager.filter(status=Status.SCHEDULED, publish_at__isnull=False)
        .values_list("publish_at", flat=True)
        .order_by()
        for model in publishable_models()
    ]
    if not times:
        return None, None
    combined = times[0].union(*times[1:], all=True).order_by()
    moments = [moment.timestamp() for moment in combined]
    past = [moment for moment in moments if moment <= now.timestamp()]
    future = [moment for moment in moments if moment > now.timestamp()]
    return (max(past) if past else None), (min(future) if future else None)


def state_from_database() -> ContentState:
    from exosite.models import ContentVersion

    now = timezone.now()
    row = ContentVersion.objects.values_list("number", "changed_at").first()
    number, changed_at = row if row else (0, now)
    latest, upcoming = publication_marks(now)
    changed = max(changed_at.timestamp(), latest or 0)
    return ContentState(f"{number}.{latest or 0}", changed_at=changed, next_change_at=upcoming)


def current_state(cached: ContentState | None = None) -> ContentState:
    """The content state, from the cache while it is fresh, else from the database
    (which may raise DatabaseError)."""
    if cached is not None and cached.is_current(time.time()):
        return cached
    state = state_from_database()
    cache.set(STATE_KEY, state, timeout=settings.PAGE_CACHE_STATE_SECONDS)
    return state


def record_content_change(**kwargs) -> None:
    """Signal receiver: some content row was saved or deleted. Bump the version in the
    same transaction, and drop the cached state now and again once the change commits
    (a page rendered by another request in between is then not mistaken for current)."""
    from exosite.models import ContentVersion

    now = timezone.now()
    bumped = ContentVersion.objects.filter(pk=1).update(
        number=models.F("number") + 1, changed_at=now
    )
    if not bumped:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def connect_signals() -> None:
    for model in content_models():
        uid = f"page-cache-{model._meta.label_lower}"
        models.signals.post_save.connect(record_content_change, sender=model, dispatch_uid=uid)
        models.signals.post_delete.connect(record_content_change, sender=model, dispatch_uid=uid)
        for m2m in model._meta.local_many_to_many:
            models.signals.m2m_changed.connect(
                record_content_change, sender=m2m.remote_field.through, dispatch_uid=uid
            )


# --- The middleware -----------------------------------------------------------------


def page_key(request: HttpRequest) -> str:
    """One entry per scheme, host and full path (the query string included)."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def is_anonymous_read(request: HttpRequest) -> bool:
    return request.method in {"GET", "HEAD"} and settings.SESSION_COOKIE_NAME not in request.COOKIES


def drop_vary_cookie(response: HttpResponse) -> None:
    if not response.has_header("Vary"):
        return
    kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if getattr(response, "public_page", False):
                # What a signed-in editor sees (a draft preview, say) is theirs alone.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        key = page_key(request)
        found = cache.get_many([STATE_KEY, key])
        cached_page: CachedPage | None = found.get(key)
        try:
            state = current_state(found.get(STATE_KEY))
        except DatabaseError as error:
            logger.error("Page cache could not read the content state: %s", error)
            state = None

        if cached_page is not None and state is not None and cached_page.version == state.version:
            return cached_page.response("hit")

        response = self.get_response(request)
        if getattr(response, "database_unavailable", False) and cached_page is not None:
            logger.warning("Database unavailable: serving a cached copy of %s", request.path)
            stale = cached_page.response("stale")
            patch_cache_control(stale, max_age=0, must_revalidate=True)
            return stale
        if state is not None and getattr(response, "public_page", False):
            self.prepare_public_response(response, state)
            if settings.PAGE_CACHE_SECONDS > 0 and self.is_storable(response):
                cache.set(key, self.snapshot(response, state), settings.PAGE_CACHE_SECONDS)
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def prepare_public_response(response: HttpResponse, state: ContentState) -> None:
        drop_vary_cookie(response)
        if response.status_code != 200 or response.streaming:
            return
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
        response["Last-Modified"] = http_date(state.changed_at)
        set_response_etag(response)

    @staticmethod
    def is_storable(response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Set-Cookie")
        )

    @staticmethod
    def snapshot(response: HttpResponse, state: ContentState) -> CachedPage:
        headers = {
            name: response[name]
            for name in (*KEPT_HEADERS, "ETag", "Last-Modified", "Vary")
            if response.has_header(name)
        }
        return CachedPage(state.version, response.status_code, response.content, headers)
