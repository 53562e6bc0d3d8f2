"""The Redis cache carries on without Redis, and forgets no change while Redis is away: a
deletion it could not make (an editor's save drops the content state) is made as soon as
Redis answers again, before anything is read from it."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from exosite.web import redis_cache
from exosite.web.redis_cache import ResilientRedisCache

REDIS = "redis://127.0.0.1:6379/15"  # the machine's Redis, database 15, as in test_caching


@pytest.fixture
def cache():
    """A cache on the machine's Redis, under a key prefix of its own."""
    cache = ResilientRedisCache(REDIS, {"KEY_PREFIX": f"exosite-test-{uuid.uuid4().hex}"})
    try:
        cache._cache.get_client().ping()
    except RedisError:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but Redis does not answer at {REDIS}")
        pytest.skip(f"Redis does not answer at {REDIS}; set REQUIRE_REDIS=1 to fail instead")
    yield cache
    cache.clear()


@pytest.fixture
def outage(monkeypatch):
    """Redis stops answering (every call raises, as on a timeout), then comes back."""

    class Outage:
        def begin(self):
            def refuse(*args, **kwargs):
                raise RedisConnectionError("Timeout reading from socket")

            for name in ("get", "get_many", "set", "delete", "delete_many"):
                monkeypatch.setattr(RedisCache, name, refuse)

        def end(self, cache):
            monkeypatch.undo()
            cache._down_until = 0.0  # the few seconds of leaving Redis alone are over

    return Outage()


def test_a_deletion_missed_while_redis_was_away_is_made_before_the_next_read(cache, outage):
    cache.set("page-cache:state", "before the edit")
    cache.set_many({"a": 1, "b": 2})
    outage.begin()
    assert cache.delete("page-cache:state") is False
    cache.delete_many(["a", "b"])
    assert cache.get("page-cache:state") is None  # a miss while Redis is away
    outage.end(cache)
    # The first read once Redis answers again does not see the copy from before the edit.
    assert cache.get("page-cache:state") is None
    assert cache.get_many(["a", "b"]) == {}


def test_missed_deletions_wait_while_redis_is_still_away(cache, outage):
    cache.set("page-cache:state", "before the edit")
    outage.begin()
    cache.delete("page-cache:state")
    cache._down_until = 0.0
    assert cache.get("page-cache:state") is None  # tried again, failed again
    outage.end(cache)
    assert cache.get("page-cache:state") is None


def test_only_the_latest_missed_deletions_are_kept(cache, outage, monkeypatch):
    monkeypatch.setattr(redis_cache, "MISSED_DELETIONS_KEPT", 3)
    outage.begin()
    for n in range(5):
        cache.delete(f"key-{n}")
    assert list(cache._missed_deletions) == [cache.make_key(f"key-{n}") for n in (2, 3, 4)]


def test_without_an_outage_nothing_is_remembered(cache):
    cache.set("kept", 1)
    assert cache.delete("kept") is True
    assert cache.delete("never-there") is False
    cache.delete_many(["x", "y"])
    assert cache._missed_deletions == {}
