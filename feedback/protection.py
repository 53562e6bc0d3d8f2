"""Spam protection for "Was this page helpful?" that needs no cookie and keeps nothing
about who sent an answer.

The form sits in cached pages, the same HTML for everyone, so it cannot carry anything
per reader. Four checks instead, cheapest first (docs/caching-and-security.md explains why):

1. **A trap field** that people never see or fill in; anything typed there is thanked
   and dropped.
2. **A signed form token**: the page's address and the time the page was made, signed
   with SECRET_KEY. It proves the answer is about a page the site served, refuses
   answers sent sooner than ``FEEDBACK_MIN_SECONDS`` after the page was made (a script
   posting straight away), and expires after ``FEEDBACK_FORM_MAX_AGE`` seconds.
3. **A short-lived count per sender** in the cache, under a keyed hash of the sender's
   address and the current window: ``FEEDBACK_PER_WINDOW`` answers per
   ``FEEDBACK_WINDOW`` seconds. The address itself is never written anywhere, the key
   cannot be turned back into it without SECRET_KEY, and a new window gives every
   sender a new, unrelated key.
4. **Plain limits** on the comment (length, links); e-mail addresses and phone numbers
   typed in spite of the warning are removed before anything is saved.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from exosite.web.security import client_address

SALT = "feedback-form"
MAX_LINKS = 2
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d\s().-]{6,}\d(?!\w)")
REMOVED = "[removed]"


def form_token(page: str) -> str:
    """The token a page's form carries: its address, signed with the time it was made."""
    return signing.TimestampSigner(salt=SALT).sign(page)


class TokenProblem(Exception):
    """The form's token cannot be used; the message says what the reader can do."""


def page_of(token: str) -> str:
    """The page address a token was made for, if the token is sound, old enough and not
    too old; otherwise ``TokenProblem``."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        page = signer.unsign(token, max_age=settings.FEEDBACK_FORM_MAX_AGE)
    except signing.SignatureExpired:
        raise TokenProblem(
            "This page has been open for a long time. Please reload it and send your answer again."
        ) from None
    except (signing.BadSignature, ValueError):
        raise TokenProblem(
            "We could not tell which page this answer is about. Please reload the page and "
            "try again."
        ) from None
    made = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    if time.time() - made < settings.FEEDBACK_MIN_SECONDS:
        raise TokenProblem("That was very quick. Please wait a moment, then send it again.")
    if not page.startswith("/") or page.startswith("//"):
        raise TokenProblem("We could not tell which page this answer is about.")
    return page


def fresh_token(token: str) -> str | None:
    """A new token for the page an old (but genuine) token was made for; None if the
    token was never ours."""
    try:
        page = signing.TimestampSigner(salt=SALT).unsign(token)
    except (signing.BadSignature, ValueError):
        return None
    return form_token(page)


class SenderCount:
    """How many answers one sender has sent in the current window, under a keyed hash."""

    def __init__(self, request: HttpRequest):
        window = int(time.time() // settings.FEEDBACK_WINDOW)
        digest = hmac.new(
            settings.SECRET_KEY.encode(),
            f"feedback|{window}|{client_address(request)}".encode(),
            hashlib.sha256,
        ).hexdigest()[:32]
        self.key = f"feedback:sender:{digest}"

    def allows_another(self) -> bool:
        """Count this answer; False once the sender is over the limit for the window."""
        cache.add(self.key, 0, timeout=settings.FEEDBACK_WINDOW)
        try:
            count = cache.incr(self.key)
        except ValueError:  # expired between add and incr
            cache.set(self.key, 1, timeout=settings.FEEDBACK_WINDOW)
            count = 1
        return count <= settings.FEEDBACK_PER_WINDOW


def without_contact_details(comment: str) -> str:
    """The comment with e-mail addresses and phone numbers taken out."""
    return _PHONE.sub(REMOVED, _EMAIL.sub(REMOVED, comment))


def too_many_links(comment: str) -> bool:
    return len(re.findall(r"https?://|www\.", comment, re.IGNORECASE)) > MAX_LINKS
