"""A Redis cache that never takes the site down with it.

The cache only ever holds copies (rendered pages, login failure counts). When Redis stops
answering, every call here behaves as a miss, a warning is logged once per outage, and
Redis is left alone for a few seconds so that readers are not kept waiting on timeouts.

A deletion is different: it is how a change reaches every process (an editor's save drops
the page cache's content state). One that could not be made while Redis was unavailable is
made when Redis answers again, before anything is read from it, or a copy saved before
the outage would be taken for current by every process afterwards.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, calls skip Redis for this many seconds, then try again.
RETRY_AFTER_SECONDS = 5.0
# Deletions kept to be made when Redis is back; beyond this, the oldest are given up.
MISSED_DELETIONS_KEPT = 1000
MISSED = object()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._missed_deletions: dict[str, None] = {}  # an ordered set of full keys

    @property
    def available(self) -> bool:
        """False while Redis is being left alone after a failure."""
        return time.monotonic() >= self._down_until

    def _call(self, method: str, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            if self._missed_deletions:
                self._make_missed_deletions()
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            if self._down_until == 0.0:
                logger.warning("Redis is unavailable, carrying on without a cache: %s", error)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if self._down_until:
            logger.warning("Redis is answering again.")
            self._down_until = 0.0
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def _remember_missed_deletions(self, keys, version) -> None:
        for key in keys:
            self._missed_deletions[self.make_and_validate_key(key, version=version)] = None
        if len(self._missed_deletions) > MISSED_DELETIONS_KEPT:
            logger.warning(
                "More than %d cache deletions missed while Redis was unavailable; the oldest "
                "are given up (pages may be out of date until PAGE_CACHE_STATE_SECONDS pass).",
                MISSED_DELETIONS_KEPT,
            )
            for key in list(self._missed_deletions)[:-MISSED_DELETIONS_KEPT]:
                del self._missed_deletions[key]

    def _make_missed_deletions(self) -> None:
        keys = list(self._missed_deletions)
        self._cache.delete_many(keys)
        for key in keys:
            self._missed_deletions.pop(key, None)
        logger.warning("Made %d cache deletions missed while Redis was unavailable.", len(keys))

    def delete(self, key, version=None):
        deleted = self._call("delete", MISSED, key, version)
        if deleted is MISSED:
            self._remember_missed_deletions([key], version)
            return False
        return deleted

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        """Like Django's: ValueError for a missing key; None when Redis is unavailable."""
        return self._call("incr", None, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        if self._call("delete_many", MISSED, keys, version) is MISSED:
            self._remember_missed_deletions(keys, version)

    def clear(self):
        return self._call("clear", False)
