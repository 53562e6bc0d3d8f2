"""Rendered pages for anonymous readers, served from Django's cache.

A reader with no session is anonymous for certain, and every anonymous reader of a public
page sees the same HTML. ``PageCacheMiddleware`` keeps that HTML in the cache (local
memory, or Redis shared by every process), compressed once with gzip and brotli, and
serves it without touching the session, the database or a template.

**What a page is cached under.** The canonical origin (``SITE_URL``, or the host Django
validated), the script prefix and the path the URL router sees, and the query parameters
the view declares with ``@public_page(query=...)``, normalised. Nothing else a client
sends counts: ``?utm_source=x`` or ``?a=1`` get the canonical page, and a request whose
script prefix is not the configured one (a forged ``SCRIPT_NAME``) is never served from
or stored in the cache. Pages that differ only by their declared parameters (search
results, a calculator's answers) are stored for a shorter time and only so many in each
period, so no client can fill the cache.

**When a page is current.** While the *content state* it was rendered under is current.
The state is read from ``ContentVersion``, one database row that every content save bumps
in its own transaction, and kept in the cache for a short while. A save drops the cached
state at once (and again when the transaction commits), so with a shared cache an edit
shows on the next request from any process; with the in-memory cache other processes
catch up within ``PAGE_CACHE_STATE_SECONDS``. A page scheduled to go live changes the
state when its time comes, without anything being saved; a change scheduled for a live
page is published by the first state read after its time. Saving a page no reader can see
(a draft), or a pending change to a live page, changes nothing readers see, so it does
not change the state.

**No stampede after an edit.** The first reader to find a page out of date takes a short
lock in the cache and renders it; until the new copy is stored, other readers get the
previous one (``X-Page-Cache: stale``). So a page is rendered once per edit, not once per
concurrent reader.

**Never a withdrawn page.** A copy rendered before a page was withdrawn (archived, set
back to draft, deleted) is never served out of date, neither while a new one renders nor
while the database is down: the state records the version at which a page last left the
public site. A page that renders as anything but 200 drops its cached copy.

**When the database fails.** Hits are served on the last state this process knew, and
for a few seconds after a failure the database is not asked again
(``exosite.web.health``), so a hung database costs one timeout per process now and then,
not one per request. Out-of-date copies are served rather than the 503 page.

Views opt in with ``@public_page``. Their anonymous responses get ``Cache-Control:
public`` with ``stale-while-revalidate`` and ``stale-if-error`` for shared caches, an
``ETag`` and ``Last-Modified`` (so ``ConditionalGetMiddleware`` can answer 304), and lose
``Vary: Cookie``. A signed-in editor's request never touches the cache, and its response
is marked private and is never compressed.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, models, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.http.request import split_domain_port
from django.urls import Resolver404, get_resolver, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from exosite.web import compression
from exosite.web.health import (
    DATABASE_RETRY_SECONDS,
    database_recently_failed,
    record_database_failure,
)
from exosite.web.middleware import database_unavailable_response

logger = logging.getLogger(__name__)

STATE_KEY = "page-cache:state"
PAGE_KEY_PREFIX = "page-cache:page:"
LOCK_KEY_PREFIX = "page-cache:rendering:"
VARIANTS_KEY_PREFIX = "page-cache:variants:"
# Response headers kept with a cached page; the security headers are added afresh.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "X-Robots-Tag")
CACHE_STATUS_HEADER = "X-Page-Cache"
SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class Config:
    """The settings a cache hit reads, looked up once (each ``settings.X`` costs a little,
    and a hit is a few hundred microseconds in all); tests that change them start afresh."""

    site_url: str
    script_prefix: str
    session_cookie: str
    state_seconds: int
    status_header: bool


@lru_cache(maxsize=1)
def config() -> Config:
    return Config(
        site_url=settings.SITE_URL,
        script_prefix=(settings.FORCE_SCRIPT_NAME or "").rstrip("/") + "/",
        session_cookie=settings.SESSION_COOKIE_NAME,
        state_seconds=settings.PAGE_CACHE_STATE_SECONDS,
        status_header=settings.PAGE_CACHE_STATUS_HEADER,
    )


@receiver(setting_changed, dispatch_uid="page-cache-settings-changed")
def settings_changed(**kwargs) -> None:
    config.cache_clear()
    _origin.cache_clear()


# --- Declaring a public page ------------------------------------------------------------


@dataclass(frozen=True)
class PublicPage:
    """What ``@public_page`` declares about a view."""

    query: tuple[str, ...] = ()  # the query parameters the view reads
    methods: tuple[str, ...] = SAFE_METHODS  # the methods it answers


def public_page(
    view: Callable[..., HttpResponse] | None = None,
    *,
    query: Iterable[str] = (),
    methods: Iterable[str] = SAFE_METHODS,
):
    """Mark a view's pages as the same for every anonymous reader, so they may be cached
    here, by browsers and by shared caches::

        @public_page                                 # reads no query parameter
        def glossary(request): ...

        @public_page(query=("q",))                   # search: one page per query
        def search_page(request): ...

        @public_page(query=("age", "area", "sessions"))   # a GET form: its inputs
        def cost_estimator(request): ...

        @public_page(methods=("GET", "HEAD", "POST"))     # a form answered by POST
        def self_check(request): ...

    The view sees only the query parameters it declares (``request.GET`` holds nothing
    else), so a page can never depend on one the cache does not know about; any other
    parameter is ignored and the canonical page served. Other methods than those declared
    answer 405 (``OPTIONS`` and ``TRACE`` never render a page). Answers to ``POST`` are
    never cached and are marked ``Cache-Control: no-store``: what a reader posted is
    theirs alone.
    """
    declaration = PublicPage(
        query=tuple(sorted(set(query))),
        methods=tuple(dict.fromkeys(method.upper() for method in methods)),
    )

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in declaration.methods:
                return HttpResponseNotAllowed(declaration.methods)
            request.GET = declared_query(request.GET, declaration.query)
            response = view(request, *args, **kwargs)
            response.public_page = True
            if request.method not in SAFE_METHODS:
                patch_cache_control(response, no_store=True)
            return response

        wrapper.public_page = declaration
        return wrapper

    return decorate(view) if view is not None else decorate


def declared_query(params: QueryDict, names: tuple[str, ...]) -> QueryDict:
    """Only the declared parameters, in a fixed order: what the view may read and what
    the cache key holds."""
    kept = QueryDict(mutable=True)
    for name in names:
        values = params.getlist(name)
        if values:
            kept.setlist(name, values)
    kept._mutable = False
    return kept


def declaration_of(request: HttpRequest) -> PublicPage | None:
    """The ``@public_page`` declaration of the view this request goes to, if any."""
    urlconf = getattr(request, "urlconf", None)
    return _declaration_at(get_resolver(urlconf), urlconf, request.path_info)


@lru_cache(maxsize=2048)
def _declaration_at(resolver, urlconf, path_info: str) -> PublicPage | None:
    """Worked out once per address (the resolver is part of the key, so a changed URLconf
    starts afresh); a cached page is served without routing the request."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "public_page", None)


# --- The content state --------------------------------------------------------------


@dataclass(frozen=True)
class ContentState:
    """Which version of the content pages are rendered from, and until when that holds."""

    version: str
    changed_at: float  # Unix time of the last change: the pages' Last-Modified
    next_change_at: float | None = None  # when a scheduled page goes live next
    loaded_at: float = field(default_factory=time.time)
    number: int = 0  # ContentVersion.number
    withdrawn_number: int = 0  # ContentVersion.withdrawn_number

    def is_current(self, now: float) -> bool:
        if self.next_change_at is not None and now >= self.next_change_at:
            return False
        return now - self.loaded_at < config().state_seconds


def content_models() -> list[type[models.Model]]:
    """Every model whose rows appear on pages: those of the ``CONTENT_APPS``, and the
    sources any page lists. Revision records are left out: one is only ever written with
    a save of its page, which counts already."""
    from simple_history.models import HistoricalChanges

    from exosite.editorial.models import Source

    return [
        model
        for label in settings.CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ] + [Source]


def publication_marks(
    now: datetime.datetime, changes_due: list[bool] | None = None
) -> tuple[float | None, float | None]:
    """The latest scheduled publication time that has passed and the next one still to
    come, over every kind of page and every scheduled change to a live page (one query
    for all of them). ``changes_due`` is told whether a scheduled change's time passed."""
    from exosite.editorial.publishing import Status, publishable_models
    from exosite.editorial.workflow import PageWorkflow

    times = [
        model._base_manager.filter(status=Status.SCHEDULED, publish_at__isnull=False)
        .annotate(kind=models.Value(0))
        .values_list("publish_at", "kind")
        .order_by()
        for model in publishable_models()
    ]
    times.append(
        PageWorkflow.objects.filter(publish_at__isnull=False)
        .annotate(kind=models.Value(1))
        .values_list("publish_at", "kind")
        .order_by()
    )
    combined = times[0].union(*times[1:], all=True).order_by()
    rows = [(moment.timestamp(), kind) for moment, kind in combined]
    if changes_due is not None:
        changes_due.append(any(kind == 1 and moment <= now.timestamp() for moment, kind in rows))
    moments = [moment for moment, _ in rows]
    past = [moment for moment in moments if moment <= now.timestamp()]
    future = [moment for moment in moments if moment > now.timestamp()]
    return (max(past) if past else None), (min(future) if future else None)


def state_from_database(publish_due: bool = True) -> ContentState:
    """Read the state, giving up quickly if a table is locked: readers of cached pages
    should not wait on the database (a failure serves the last state known). A scheduled
    change to a live page whose time has come is published first, then the state read
    again: so it goes live by itself, with no job to run."""
    from exosite.models import ContentVersion

    changes_due: list[bool] = []

    def read() -> tuple[tuple, tuple]:
        now = timezone.now()
        row = ContentVersion.objects.values_list("number", "changed_at", "withdrawn_number").first()
        return (row or (0, now, 0)), publication_marks(now, changes_due)

    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            timeout = int(settings.PAGE_CACHE_STATE_TIMEOUT * 1000)
            cursor.execute(f"SET LOCAL statement_timeout = {timeout}")
            (number, changed_at, withdrawn), (latest, upcoming) = read()
    else:
        (number, changed_at, withdrawn), (latest, upcoming) = read()
    if publish_due and any(changes_due):
        from exosite.editorial.staging import publish_due_changes

        try:
            publish_due_changes()
        except Exception:  # a reader's page must not fail for an editor's change
            logger.exception("Could not publish the scheduled changes that are due")
        return state_from_database(publish_due=False)
    changed = max(changed_at.timestamp(), latest or 0)
    return ContentState(
        f"{number}.{latest or 0}",
        changed_at=changed,
        next_change_at=upcoming,
        number=number,
        withdrawn_number=withdrawn,
    )


# The last state this process read or was handed, for when the database does not answer.
_last_known_state: ContentState | None = None


def current_state(cached: ContentState | None = None) -> ContentState:
    """The content state, from the cache while it is fresh, else from the database
    (which may raise DatabaseError)."""
    global _last_known_state
    if cached is not None and cached.is_current(time.time()):
        _last_known_state = cached
        return cached
    state = state_from_database()
    cache.set(STATE_KEY, state, timeout=settings.PAGE_CACHE_STATE_SECONDS)
    _last_known_state = state
    return state


# After the state could not be read, this process does not try again for a few seconds.
_state_retry_at = 0.0


def state_for_request(cached: ContentState | None) -> tuple[ContentState | None, bool]:
    """The content state to serve under, and whether the database answered (or did not
    need to). When it fails, the last state known: the one in the cache, else this
    process's own; and for a few seconds the database is not asked again."""
    global _state_retry_at, _last_known_state
    if cached is not None and cached.is_current(time.time()):
        _last_known_state = cached
        return cached, True
    fallback = cached or _last_known_state
    if database_recently_failed() or time.monotonic() < _state_retry_at:
        return fallback, False
    try:
        return current_state(cached), True
    except DatabaseError as error:
        logger.error("Page cache could not read the content state: %s", error)
        record_database_failure(error)
        _state_retry_at = time.monotonic() + DATABASE_RETRY_SECONDS
        return fallback, False


def forget_failures() -> None:
    """For tests: a fresh process's memory."""
    global _state_retry_at, _last_known_state
    _state_retry_at = 0.0
    _last_known_state = None


def remember_visibility(sender, instance, raw: bool = False, **kwargs) -> None:
    """Signal receiver (pre_save of pages with a publishing status): could readers see
    this page before the save?"""
    if raw or instance.pk is None:
        instance._public_before_save = False
        return
    from exosite.editorial.publishing import published_filter

    instance._public_before_save = (
        type(instance)._base_manager.filter(published_filter(), pk=instance.pk).exists()
    )


def change_for_readers(instance, signal) -> tuple[bool, bool]:
    """(Do readers see this change, is it a withdrawal?) A page no reader could see
    before or after the change (a draft, a page scheduled for later, or a row that belongs
    to one, such as a draft's source) changes nothing public."""
    from exosite.editorial.publishing import Publishable

    if not isinstance(instance, Publishable):
        owners = [
            getattr(instance, f.name, None)
            for f in type(instance)._meta.concrete_fields
            if f.many_to_one and issubclass(f.related_model, Publishable)
        ]
        # A row that belongs to any kind of page (a source) names it generically.
        owners += [
            owner
            for f in type(instance)._meta.private_fields
            if isinstance(f, GenericForeignKey)
            and isinstance(owner := getattr(instance, f.name, None), Publishable)
        ]
        if len(owners) == 1 and owners[0] is not None and not owners[0].is_published:
            return False, False
        return True, False
    if signal is models.signals.m2m_changed:
        return instance.is_published, False
    if signal is models.signals.post_delete:
        before, after = instance.is_published, False
    else:
        before, after = getattr(instance, "_public_before_save", True), instance.is_published
    return before or after, before and not after


def record_content_change(sender, instance=None, signal=None, **kwargs) -> None:
    """Signal receiver: some content row was saved or deleted. Bump the version in the
    same transaction (and the withdrawal mark when a public page left the site), and drop
    the cached state now and again once the change commits (a page rendered by another
    request in between is then not mistaken for current)."""
    global _last_known_state
    from exosite.models import ContentVersion

    if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
        return
    public, withdrawn = (True, False) if instance is None else change_for_readers(instance, signal)
    if public:
        now = timezone.now()
        changes = {"number": models.F("number") + 1, "changed_at": now}
        if withdrawn:
            changes["withdrawn_number"] = models.F("number") + 1
        if not ContentVersion.objects.filter(pk=1).update(**changes):
            ContentVersion.objects.get_or_create(
                pk=1,
                defaults={"number": 1, "changed_at": now, "withdrawn_number": int(withdrawn)},
            )
        if _last_known_state is not None:
            # Should the database fail before the new state is read, this process at least
            # knows that its copies are out of date, and whether they may stand in.
            last = _last_known_state
            _last_known_state = dataclasses.replace(
                last,
                version=f"{last.version}+",
                withdrawn_number=last.number + 1 if withdrawn else last.withdrawn_number,
            )
    # Even a draft's save may move the next scheduled publication: read the state again.
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def connect_signals(*more: type[models.Model]) -> None:
    """Count every save and delete of the content apps' models, and of ``more`` models
    whose rows change pages too (search synonyms change search results, say)."""
    from exosite.editorial.publishing import Publishable

    for model in [*content_models(), *more]:
        uid = f"page-cache-{model._meta.label_lower}"
        if issubclass(model, Publishable):
            models.signals.pre_save.connect(remember_visibility, sender=model, dispatch_uid=uid)
        models.signals.post_save.connect(record_content_change, sender=model, dispatch_uid=uid)
        models.signals.post_delete.connect(record_content_change, sender=model, dispatch_uid=uid)
        for m2m in model._meta.local_many_to_many:
            models.signals.m2m_changed.connect(
                record_content_change, sender=m2m.remote_field.through, dispatch_uid=uid
            )


# --- Keys ---------------------------------------------------------------------------


def canonical_origin(request: HttpRequest) -> str:
    """SITE_URL when set (every page then names it, whatever Host the reader sent); else
    the scheme and the host Django validated, lower case, without a default port."""
    host = request.get_host()  # refuses a Host not in ALLOWED_HOSTS, as every page does
    return config().site_url or _origin(request.scheme, host)


@lru_cache(maxsize=256)
def _origin(scheme: str, host: str) -> str:
    domain, port = split_domain_port(host)
    default = "443" if scheme == "https" else "80"
    return f"{scheme}://{domain}" + (f":{port}" if port and port != default else "")


def page_key(request: HttpRequest, declaration: PublicPage | None = None) -> str | None:
    """The key of this request's page, or None if it must not be cached: the script
    prefix the page's links are written with must be the configured one, and only the
    parameters the view declared count."""
    declaration = declaration or declaration_of(request) or PublicPage()
    prefix = config().script_prefix
    # The prefix the page's links are written with: SCRIPT_NAME (or FORCE_SCRIPT_NAME).
    script_name = request.path[: len(request.path) - len(request.path_info)]
    if script_name.rstrip("/") + "/" != prefix:
        return None
    query = ""
    if declaration.query:
        query = urlencode(
            [(name, value) for name in declaration.query for value in request.GET.getlist(name)]
        )
    address = "\n".join((canonical_origin(request), prefix, request.path_info, query))
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def has_query(request: HttpRequest, declaration: PublicPage) -> bool:
    return any(name in request.GET for name in declaration.query)


def may_store_variant(request: HttpRequest) -> bool:
    """Pages that differ by their query parameters (search results, a calculator's
    answers) are stored only PAGE_CACHE_QUERY_VARIANTS times per view in each period of
    PAGE_CACHE_QUERY_SECONDS, and live for one such period, so at most twice that many
    are ever held per view, however many different queries arrive."""
    period = max(1, settings.PAGE_CACHE_QUERY_SECONDS)
    view = getattr(request.resolver_match, "view_name", None) or request.path_info
    key = f"{VARIANTS_KEY_PREFIX}{view}:{int(time.time() // period)}"
    cache.add(key, 0, timeout=2 * period)
    try:
        stored = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * period)
        stored = 1
    return stored is not None and stored <= settings.PAGE_CACHE_QUERY_VARIANTS


def stored_page_count() -> int:
    """How many rendered pages the cache holds (this process's, with the in-memory
    cache): for the benchmark's cache flood and the tests."""
    backend = caches["default"]
    if isinstance(getattr(backend, "_cache", None), dict):  # the in-memory cache
        return sum(PAGE_KEY_PREFIX in key for key in list(backend._cache))
    client = backend._cache.get_client(write=False)
    pattern = backend.make_key(PAGE_KEY_PREFIX + "*")
    return sum(1 for _ in client.scan_iter(match=pattern, count=1000))


# --- Cached pages -------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    version: str
    status: int
    content: bytes
    headers: dict[str, str]
    number: int = 0  # the content version number it was rendered under
    compressible: bool = False  # a text type worth compressing: varies on Accept-Encoding
    compressed: dict[str, bytes] = field(default_factory=dict)  # by content encoding

    def response(self, request: HttpRequest, cache_status: str) -> HttpResponse:
        settings_now = config()
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        accepted = request.META.get("HTTP_ACCEPT_ENCODING")
        if self.compressed and accepted:
            encoding = compression.preferred_encoding(accepted, tuple(self.compressed))
            if encoding in self.compressed:
                response.content = self.compressed[encoding]
                response["Content-Encoding"] = encoding
                if response.has_header("ETag"):
                    # Each encoding is different bytes, so it has its own validator.
                    response["ETag"] = response["ETag"][:-1] + f'-{encoding}"'
        response["Content-Length"] = str(len(response.content))
        if settings_now.status_header:
            response[CACHE_STATUS_HEADER] = cache_status
        return response

    def may_stand_in(self, state: ContentState | None) -> bool:
        """May this copy be served although it is out of date? Not if a page was
        withdrawn after it was rendered, nor when nothing is known of the state."""
        return state is not None and self.number >= state.withdrawn_number


def is_anonymous(request: HttpRequest) -> bool:
    """No session, or a session cookie that names no session (which anyone can send to
    get past the cache): a reader who sees what every reader sees."""
    session_key = request.COOKIES.get(config().session_cookie)
    if session_key is None:
        return True
    if not (8 <= len(session_key) <= 64 and session_key.isalnum()):
        return True
    engine = import_module(settings.SESSION_ENGINE)
    try:
        return not engine.SessionStore().exists(session_key)
    except DatabaseError:
        return False


def drop_vary_cookie(response: HttpResponse) -> None:
    if not response.has_header("Vary"):
        return
    kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def public_cache_control(response: HttpResponse) -> None:
    """Browsers and shared caches (a CDN, a caching proxy) may keep a page PAGE_MAX_AGE
    seconds, then serve it a little longer while they fetch a new copy, and much longer
    if the site answers with an error."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.PAGE_STALE_IF_ERROR,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declaration = declaration_of(request)
        if declaration is None:
            return self.get_response(request)
        if request.method not in SAFE_METHODS or not is_anonymous(request):
            response = self.get_response(request)
            if getattr(response, "public_page", False) and request.method in SAFE_METHODS:
                # What a signed-in editor sees (a draft preview, say) is theirs alone.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = page_key(request, declaration)
        if key is None:
            return self.get_response(request)

        found = cache.get_many([STATE_KEY, key])
        cached_page: CachedPage | None = found.get(key)
        state, database_answered = state_for_request(found.get(STATE_KEY))

        if cached_page is not None and state is not None and cached_page.version == state.version:
            return cached_page.response(request, "hit")
        stand_in = cached_page if cached_page and cached_page.may_stand_in(state) else None

        if not database_answered:
            if stand_in is not None:
                return self.stale(request, stand_in, "Database unavailable")
            return database_unavailable_response(request)

        lock = None
        if stand_in is not None:
            lock = LOCK_KEY_PREFIX + key.removeprefix(PAGE_KEY_PREFIX)
            if not cache.add(lock, 1, timeout=settings.PAGE_RENDER_LOCK_SECONDS):
                # Another reader is rendering the new copy: this one gets the last.
                return self.stale(request, stand_in)
        try:
            response = self.get_response(request)
            if getattr(response, "database_unavailable", False) and stand_in is not None:
                return self.stale(request, stand_in, "Database unavailable")
            if getattr(response, "public_page", False):
                return self.public_response(request, response, state, key, declaration)
            return response
        finally:
            if lock is not None:
                cache.delete(lock)

    @staticmethod
    def stale(request: HttpRequest, page: CachedPage, reason: str = "") -> HttpResponse:
        """An out-of-date copy, which no browser or shared cache may keep: the new one is
        being rendered, or (with a reason) the database is down."""
        if reason:
            logger.warning("%s: serving a cached copy of %s", reason, request.path)
        response = page.response(request, "stale")
        del response["Cache-Control"]
        patch_cache_control(response, public=True, max_age=0, must_revalidate=bool(reason))
        return response

    def public_response(
        self,
        request: HttpRequest,
        response: HttpResponse,
        state: ContentState,
        key: str,
        declaration: PublicPage,
    ) -> HttpResponse:
        drop_vary_cookie(response)
        if response.status_code != 200 or response.streaming:
            # A page that is gone (or never was) leaves no copy to be served later.
            cache.delete(key)
            return response
        if not response.has_header("Cache-Control"):
            public_cache_control(response)
        response["Last-Modified"] = http_date(state.changed_at)
        set_response_etag(response)
        if not self.is_storable(request, response):
            return response
        timeout = settings.PAGE_CACHE_SECONDS
        if timeout and has_query(request, declaration):
            timeout = min(timeout, settings.PAGE_CACHE_QUERY_SECONDS)
            if not may_store_variant(request):
                timeout = 0
        if timeout:
            # Compressed once, here, in every encoding, for every later reader.
            page = self.snapshot(response, state, compression.ENCODINGS)
            cache.set(key, page, timeout)
        else:
            wanted = compression.preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            page = self.snapshot(
                response, state, [wanted] if wanted != compression.IDENTITY else []
            )
        return page.response(request, "miss")

    @staticmethod
    def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
        """Nothing that set a cookie, or used the CSRF token, which is a secret."""
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Set-Cookie")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
        )

    @staticmethod
    def snapshot(
        response: HttpResponse, state: ContentState, encodings: Iterable[str]
    ) -> CachedPage:
        """The page as the cache keeps it, compressed in each of ``encodings``."""
        headers = {
            name: response[name]
            for name in (*KEPT_HEADERS, "ETag", "Last-Modified", "Vary")
            if response.has_header(name)
        }
        content = response.content
        compressible = compression.is_compressible(response.get("Content-Type", ""), len(content))
        if compressible:
            patch_vary_headers(response, ("Accept-Encoding",))
            headers["Vary"] = response["Vary"]
        compressed = (
            {encoding: compression.compress(content, encoding) for encoding in encodings}
            if compressible
            else {}
        )
        return CachedPage(
            state.version,
            response.status_code,
            content,
            headers,
            number=state.number,
            compressible=compressible,
            compressed=compressed,
        )
