"""Start-up rules: what the settings read from the environment, and what they refuse."""

import os
import subprocess
import sys

from django.conf import settings

BASE_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS"}
}


def load_settings(**env) -> subprocess.CompletedProcess:
    """Import exosite.settings in a fresh interpreter with exactly these variables."""
    code = (
        "import json, exosite.settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS, "
        "'csrf': s.CSRF_TRUSTED_ORIGINS}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**BASE_ENV, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set():
    import json

    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


def test_development_runs_on_a_sqlite_file_in_the_project_with_no_setup():
    import json

    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"] == str(settings.BASE_DIR / "db.sqlite3")


def test_database_url_selects_postgresql_and_lists_are_read_from_the_environment():
    import json

    result = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://user:pw@db.internal:5432/exosite",
        ALLOWED_HOSTS="example.org, www.example.org",
        CSRF_TRUSTED_ORIGINS="https://example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["name"] == "exosite"
    assert values["hosts"] == ["example.org", "www.example.org"]
    assert values["csrf"] == ["https://example.org"]


def test_an_unusable_database_url_is_explained():
    result = load_settings(SECRET_KEY="x" * 50, DATABASE_URL="mysql://root@localhost/db")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_a_bad_debug_value_is_explained():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be" in result.stderr


def test_the_suite_runs_on_the_database_that_database_url_names(db):
    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_every_model_change_has_a_migration(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_an_unknown_log_format_is_explained():
    result = load_settings(SECRET_KEY="x" * 50, LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text, not 'xml'" in result.stderr


def gunicorn_settings(**env) -> dict:
    """gunicorn's own reading of exosite/gunicorn.conf.py, in a fresh interpreter, with
    none of this machine's gunicorn variables but ``env``."""
    import json

    code = (
        "import json\n"
        "from gunicorn.config import Config\n"
        "config = Config()\n"
        "namespace = {}\n"
        "exec(open('exosite/gunicorn.conf.py').read(), namespace)\n"
        "for name, value in namespace.items():\n"
        "    if name in config.settings:\n"
        "        config.set(name, value)\n"
        "print(json.dumps({'bind': config.bind, 'forwarder_headers': config.forwarder_headers,"
        " 'forwarded_allow_ips': config.forwarded_allow_ips}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**{k: v for k, v in BASE_ENV.items() if k not in GUNICORN_VARIABLES}, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


GUNICORN_VARIABLES = {"GUNICORN_BIND", "PORT", "FORWARDED_ALLOW_IPS"}


def test_gunicorn_listens_only_on_this_machine_unless_told_otherwise():
    """Security review #5: bound to 0.0.0.0, three idle connections took the site down."""
    assert gunicorn_settings()["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings(GUNICORN_BIND="10.0.0.5:8000")["bind"] == ["10.0.0.5:8000"]


def test_gunicorn_never_takes_script_name_or_path_info_from_request_headers():
    """Security review #1: 'SCRIPT_NAME: /guide/safety' from 127.0.0.1 poisoned the cache."""
    assert gunicorn_settings()["forwarder_headers"] == []
