"""Compressed copies of public pages: gzip and brotli, chosen by ``Accept-Encoding``.

The page cache compresses a page once, when it stores it, and serves the compressed bytes
from then on, so readers on a phone download a fifth of the HTML and no worker compresses
the same page twice. Only pages that are the same for every anonymous reader are
compressed here: a response that carries a secret (a CSRF token, anything an editor sees)
never is, which keeps the site clear of BREACH-style attacks, where an attacker learns a
secret from the compressed size of pages that echo their input next to it.
"""

from __future__ import annotations

import gzip

import brotli

IDENTITY = "identity"
# Best first: brotli pages are about a sixth smaller than gzip ones.
ENCODINGS = ("br", "gzip")
# Quality 6 compresses the FAQ index (about 120 KB of HTML) in a few milliseconds within
# a few per cent of brotli's best, which takes a tenth of a second: too long for the one
# worker that re-renders a page after an edit while readers wait in its queue.
BROTLI_QUALITY = 6
GZIP_LEVEL = 6
COMPRESSIBLE_TYPES = (
    "text/",
    "application/xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
)
# Below this, compression saves less than the bytes of the header that announces it.
MINIMUM_SIZE = 256


def is_compressible(content_type: str, size: int) -> bool:
    return size >= MINIMUM_SIZE and content_type.lower().startswith(COMPRESSIBLE_TYPES)


def compress(content: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    if encoding == "gzip":
        # mtime=0: the same page always compresses to the same bytes.
        return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
    raise ValueError(f"Unknown content encoding {encoding!r}")


def accepted_encodings(header: str) -> dict[str, float]:
    """``Accept-Encoding`` as a map of coding to weight (``gzip;q=0`` refuses gzip)."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        coding, _, parameters = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        weights[coding] = weight
    return weights


def preferred_encoding(header: str, available: tuple[str, ...] = ENCODINGS) -> str:
    """The best of ``available`` this reader accepts, else ``identity``."""
    weights = accepted_encodings(header)
    best, best_weight = IDENTITY, 0.0
    for encoding in available:
        weight = weights.get(encoding, weights.get("*", 0.0))
        if weight > best_weight:
            best, best_weight = encoding, weight
    return best
