"""Security that Django's own settings do not cover: the Permissions-Policy and
cross-origin headers on every response, forwarded headers trusted only from our own
proxies, request bodies refused before they are read, throttling of failed admin
sign-ins and password changes, and forms in cached pages that are checked by origin
instead of a CSRF cookie."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.core.signals import setting_changed
from django.db import IntegrityError, models, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware import csp
from django.shortcuts import render
from django.utils import timezone
from django.utils.csp import CSP, build_policy
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with the policy written once: it is the same for every response that
    uses no nonce (every public page), and building it was a tenth of a cached page's time."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        overridden = hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config")
        if csp.get_nonce(request) or overridden:
            return super().process_response(request, response)
        for header, policy in _policies_without_nonce():
            if header not in response:
                response.headers[header] = policy
        return response


@lru_cache(maxsize=1)
def _policies_without_nonce() -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(header), build_policy(config))
        for header, config in (
            (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
            (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
        )
        if config
    )


def csp_nonce(request: HttpRequest) -> str | None:
    """This response's nonce, for the inline styles of the standalone error pages. Reading
    it makes the CSP middleware add it to the policy; public pages never do."""
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce is not None else None


# --- Forwarded headers --------------------------------------------------------------

# What a proxy in front tells us about the reader's connection. A client that reaches the
# site directly could send them too, so they count only from FORWARDED_ALLOW_IPS.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)


@lru_cache(maxsize=16)
def _trusted_networks(
    allowed: tuple[str, ...],
) -> tuple[bool, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]]:
    if "*" in allowed:
        return True, ()
    return False, tuple(ipaddress.ip_network(item, strict=False) for item in allowed)


def is_trusted_proxy(address: str) -> bool:
    """Whether ``address`` is one of the proxies in FORWARDED_ALLOW_IPS (or this host)."""
    return _is_trusted(_allowed_proxies(), address)


@lru_cache(maxsize=1)
def _allowed_proxies() -> tuple[str, ...]:
    return tuple(settings.FORWARDED_ALLOW_IPS)


@receiver(setting_changed, dispatch_uid="security-settings-changed")
def _settings_changed(setting: str, **kwargs) -> None:
    if setting == "FORWARDED_ALLOW_IPS":
        _allowed_proxies.cache_clear()
    if setting.startswith("SECURE_CSP"):
        _policies_without_nonce.cache_clear()


@lru_cache(maxsize=4096)
def _is_trusted(allowed: tuple[str, ...], address: str) -> bool:
    trust_all, networks = _trusted_networks(allowed)
    if trust_all:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers that did not come from a trusted proxy, before anything
    reads them: Django's HTTPS detection (SECURE_PROXY_SSL_HEADER), the sign-in
    throttle's client address, and the canonical address of pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for name in FORWARDED_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the connection's own, or, behind TRUSTED_PROXY_COUNT proxies,
    the one the outermost trusted proxy saw (addresses further left can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# --- Request bodies ------------------------------------------------------------------


class RequestBodyLimitMiddleware:
    """Refuse a request body that is too large from its Content-Length, before anything
    reads it (the CSRF check reads form posts, and Django spools uploaded files to disk).
    Readers never send more than a small form; only signed-in editors upload images."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_LIMIT_ANONYMOUS and length > self.limit_for(request):
            logger.warning("Refused a %d-byte request body for %s", length, request.path)
            return HttpResponse(
                "This request is too large for the site to accept.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        user = getattr(request, "user", None)
        if user is None or not (user.is_authenticated and user.is_staff):
            return settings.REQUEST_BODY_LIMIT_ANONYMOUS
        if request.path_info == settings.MARKDOWNX_UPLOAD_URLS_PATH:
            # The image itself, and the multipart framing and form fields around it.
            return settings.MARKDOWNX_UPLOAD_MAX_SIZE + 64 * 1024
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


# --- Sign-in throttling --------------------------------------------------------------


class LoginThrottle:
    """Counts sign-in attempts per account and per client address in the database, within
    a window that starts at the first failure.

    The database, not the cache: counts are shared by every process and machine, page
    traffic cannot evict them, and when the database is down nobody can sign in anyway,
    so the throttle can never fail open. Each attempt is counted before the password is
    checked, in one transaction, so parallel guesses cannot slip past the limit; a
    successful sign-in takes its own attempt back and clears the account's count."""

    def __init__(self, username: str, address: str | None = None):
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        self.account_key = f"account:{digest}"
        self.limits = {self.account_key: settings.LOGIN_FAILURES_PER_ACCOUNT}
        if address is not None:
            self.limits[f"address:{address}"] = settings.LOGIN_FAILURES_PER_ADDRESS

    @classmethod
    def for_request(cls, request: HttpRequest, username: str) -> LoginThrottle:
        return cls(username, client_address(request))

    def attempt(self) -> bool:
        """Count one attempt against every limit; False if any limit is now exceeded."""
        from exosite.models import SignInAttempts

        now = timezone.now()
        allowed = True
        with transaction.atomic():
            SignInAttempts.objects.filter(window_ends_at__lte=now).delete()
            for key, limit in self.limits.items():
                self._ensure_row(SignInAttempts, key, now)
                SignInAttempts.objects.filter(key=key).update(count=models.F("count") + 1)
                count = SignInAttempts.objects.values_list("count", flat=True).get(key=key)
                allowed = allowed and count <= limit
        return allowed

    @staticmethod
    def _ensure_row(model, key: str, now: datetime.datetime) -> None:
        window_ends_at = now + datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
        try:
            with transaction.atomic():
                model.objects.get_or_create(key=key, defaults={"window_ends_at": window_ends_at})
        except IntegrityError:  # another attempt created it at the same moment
            pass

    def clear(self) -> int:
        """Forget every count this throttle keeps (an administrator lifting a pause)."""
        from exosite.models import SignInAttempts

        deleted, _ = SignInAttempts.objects.filter(key__in=list(self.limits)).delete()
        return deleted

    def succeeded(self) -> None:
        """The password was right: forget the account's failures and give back the
        attempt this sign-in used everywhere else."""
        from exosite.models import SignInAttempts

        SignInAttempts.objects.filter(key=self.account_key).delete()
        SignInAttempts.objects.filter(key__in=list(self.limits), count__gt=0).update(
            count=models.F("count") - 1
        )


THROTTLED_MESSAGE = (
    "Too many failed sign-in attempts. For your security, signing in is paused for "
    "%(minutes)d minutes. Please wait, then try again. If you have forgotten your "
    "password, ask an administrator to reset it."
)


def throttled_error() -> forms.ValidationError:
    return forms.ValidationError(
        THROTTLED_MESSAGE,
        code="throttled",
        params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW // 60)},
    )


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing further tries after repeated failures."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # no password is checked: nothing to count
        throttle = LoginThrottle.for_request(self.request, username)
        if not throttle.attempt():
            logger.warning("Admin sign-in throttled for %s", client_address(self.request))
            raise throttled_error()
        cleaned = super().clean()
        throttle.succeeded()
        return cleaned


class ThrottledPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's "change password" form: guesses of the old password count against the
    account like failed sign-ins, so a stolen session cannot try passwords without end."""

    def clean_old_password(self):
        throttle = LoginThrottle(self.user.get_username())
        if not throttle.attempt():
            logger.warning("Password change throttled for user %s", self.user.pk)
            raise throttled_error()
        old_password = super().clean_old_password()
        throttle.succeeded()
        return old_password


def _is_throttled(form) -> bool:
    return any(
        error.code == "throttled" for errors in form.errors.as_data().values() for error in errors
    )


def throttled_status(view):
    """Wrap the admin's login or password-change view: a refused, throttled attempt
    answers 429 Too Many Requests with Retry-After, as well as saying so on the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, extra_context=None) -> HttpResponse:
        response = view(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.is_bound and _is_throttled(form):
            response.status_code = 429
            response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
        return response

    return wrapper


# --- Forms in cached pages -----------------------------------------------------------


def from_this_site(request: HttpRequest) -> bool:
    """Did this POST come from one of the site's own pages? Browsers send an Origin header
    with every POST, and a page on another site cannot forge it; where it is missing (an
    old browser), the Referer is checked instead. A request with neither cannot have
    been sent by a page on another site in a modern browser, so it is let through."""
    expected = {
        f"{'https' if request.is_secure() else 'http'}://{request.get_host()}",
        *settings.CSRF_TRUSTED_ORIGINS,
    }
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in expected
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in expected
    return True


def same_origin_post(view):
    """For a form in a cached public page. Django's CSRF token would need a cookie for
    every reader and make each page different per reader, so such a page cannot carry
    one: the view is exempt from the token check and takes POSTs from this site's own
    pages only (``from_this_site``). Anything else is refused with 403."""

    @csrf_exempt
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and not from_this_site(request):
            logger.warning("Refused a form sent from another site to %s", request.path)
            response = render(request, "form_refused.html", status=403)
            response["Cache-Control"] = "no-store"
            return response
        return view(request, *args, **kwargs)

    return checked
