"""The sign-in throttle holds whatever happens to the cache: page traffic cannot evict its
counts, a Redis outage cannot switch it off, parallel guesses cannot slip past it, and
guessing the old password on the "change password" form counts too."""

import os
import threading

import pytest
from django.contrib.auth.models import User
from django.test import Client

from exosite.models import SignInAttempts
from tests.web.test_caching import UNREACHABLE_REDIS
from tests.web.test_security import LOGIN, sign_in

PASSWORD = "a-long-editor-password"


def lock_out(client: Client, username: str = "editor") -> None:
    for _ in range(5):
        sign_in(client, username, "wrong password")
    assert sign_in(client, username, PASSWORD).status_code == 429


def test_a_flood_of_pages_into_the_cache_does_not_unlock_a_paused_account(
    client, editor, site_content, settings
):
    """The review unlocked an account with 5,100 searches: the counts shared the in-memory
    cache with pages, and were culled with them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tiny-for-this-test",
            "OPTIONS": {"MAX_ENTRIES": 50},
        }
    }
    lock_out(client)
    reader = Client()
    for number in range(300):
        reader.get(f"/search/?q=evict{number}")
    assert sign_in(Client(), "editor", PASSWORD, address="198.51.100.9").status_code == 429


def test_with_redis_unreachable_the_throttle_still_holds(client, editor, settings):
    settings.CACHES = UNREACHABLE_REDIS
    for _ in range(25):
        sign_in(client, "editor", "wrong password")
    refused = sign_in(client, "editor", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.content.decode()


def test_the_counts_are_kept_in_the_database_shared_by_every_process(client, editor):
    sign_in(client, "editor", "wrong password")
    keys = set(SignInAttempts.objects.values_list("key", flat=True))
    assert any(key.startswith("account:") for key in keys)
    assert "address:203.0.113.7" in keys


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="SQLite's in-memory test database locks whole tables instead of waiting",
)
def test_parallel_guesses_get_no_more_password_checks_than_the_limit(
    transactional_db, django_db_serialized_rollback
):
    """Each attempt is counted before its password is checked, in one transaction, so
    24 guesses at once get at most 5 checks (the review saw 7 with Redis)."""
    User.objects.create_user("victim", password=PASSWORD, is_staff=True)
    start = threading.Barrier(12)
    outcomes = []

    def guess(number: int) -> None:
        from django.db import connection

        start.wait()
        response = sign_in(Client(), "victim", f"guess {number}", address=f"192.0.2.{number}")
        outcomes.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 12
    assert outcomes.count(200) <= 5  # 200: the password was checked and was wrong
    assert outcomes.count(429) >= 7


def test_the_address_limit_counts_failures_not_successful_sign_ins(client, editor):
    for _ in range(25):
        assert sign_in(Client(), "editor", PASSWORD, address="192.0.2.77").status_code == 302


def test_guessing_the_old_password_when_changing_it_is_throttled(editor_client, editor):
    """Someone holding a stolen session cannot try passwords without end."""
    for _ in range(5):
        response = editor_client.post(
            "/admin/password_change/",
            {
                "old_password": "wrong",
                "new_password1": "x9!Qa7zLp2#m",
                "new_password2": "x9!Qa7zLp2#m",
            },
        )
        assert response.status_code == 200
        assert "Your old password was entered incorrectly" in response.content.decode()
    refused = editor_client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "x9!Qa7zLp2#m",
            "new_password2": "x9!Qa7zLp2#m",
        },
    )
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_a_sign_in_with_no_safe_page_to_return_to_leads_to_the_admin(client, editor):
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "editor", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/", secure=True).status_code == 200


def test_a_throttled_sign_in_page_says_why(client, editor):
    lock_out(client)
    page = sign_in(client, "editor", PASSWORD).content.decode()
    assert "paused for 15 minutes" in page
    assert LOGIN.startswith("/admin/login/")


def test_an_administrator_can_lift_a_pause_at_once(client, editor):
    """Anyone who knows a username can pause it (by design, see docs): an administrator
    need not wait out the window."""
    from django.core.management import call_command

    lock_out(client)
    call_command("resumesignin", "editor")
    assert sign_in(Client(), "editor", PASSWORD, address="198.51.100.3").status_code == 302
