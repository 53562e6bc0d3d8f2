"""Security that Django's own settings do not cover: the Permissions-Policy and
cross-origin headers on every response, and throttling of failed admin sign-ins."""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def csp_nonce(request: HttpRequest) -> str | None:
    """This response's nonce, for the inline styles of the standalone error pages. Reading
    it makes the CSP middleware add it to the policy; public pages never do."""
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce is not None else None


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the connection's own, or, behind TRUSTED_PROXY_COUNT proxies,
    the one the outermost trusted proxy saw (addresses further left can be forged)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class LoginThrottle:
    """Counts failed sign-ins per account and per client address in the cache, within a
    window that starts at the first failure. Success clears the account's count."""

    def __init__(self, request: HttpRequest, username: str):
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
        address = client_address(request)
        self.keys = {
            f"login-failures:account:{digest}": settings.LOGIN_FAILURES_PER_ACCOUNT,
            f"login-failures:address:{address}": settings.LOGIN_FAILURES_PER_ADDRESS,
        }

    def is_blocked(self) -> bool:
        counts = cache.get_many(list(self.keys))
        return any(counts.get(key, 0) >= limit for key, limit in self.keys.items())

    def record_failure(self) -> None:
        for key in self.keys:
            cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)

    def record_success(self) -> None:
        cache.delete(next(iter(self.keys)))


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing further tries after repeated failures."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": (
            "Too many failed sign-in attempts. For your security, signing in is paused for "
            "%(minutes)d minutes. Please wait, then try again. If you have forgotten your "
            "password, ask an administrator to reset it."
        ),
    }

    def clean(self):
        throttle = LoginThrottle(self.request, self.cleaned_data.get("username") or "")
        if throttle.is_blocked():
            logger.warning("Admin sign-in throttled for %s", client_address(self.request))
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure()
            raise
        throttle.record_success()
        return cleaned


def throttled_status(login_view):
    """Wrap the admin's login view: a refused, throttled sign-in answers 429 Too Many
    Requests with Retry-After, as well as saying so on the page."""

    @wraps(login_view)
    def view(request: HttpRequest, extra_context=None) -> HttpResponse:
        response = login_view(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.is_bound and form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
            response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
        return response

    return view
