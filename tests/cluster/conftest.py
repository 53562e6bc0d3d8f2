"""The multi-node tests: two app nodes behind nginx, sharing PostgreSQL and a Redis, all on
this machine (exosite/devtools/cluster.py), started once for the run.

They run on their own, on PostgreSQL, with nginx and redis-server installed (as root they
are installed from Debian when missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME sh exosite/dev.sh test -m cluster

The cluster gets a database of its own, NAME_cluster, made afresh and dropped at the end.
Without PostgreSQL or the programs they skip, unless REQUIRE_CLUSTER is set (as in CI).
"""

from __future__ import annotations

import os
import shutil
import time
import urllib.parse
from pathlib import Path

import psycopg2
import pytest

from exosite.devtools import cluster as cluster_tools
from exosite.devtools.benchmark import manage
from exosite.web.health import DATABASE_RETRY_SECONDS
from exosite.web.redis_cache import RETRY_AFTER_SECONDS
from tests.cluster.readers import EDITOR

# Sign-in failures per client address before it must wait; low, so the test of whose
# address the site sees needs few (slow, hashed) attempts.
FAILURES_PER_ADDRESS = 3


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    selected = "cluster" in (config.getoption("markexpr") or "")
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.cluster)
            if not selected:
                item.add_marker(
                    pytest.mark.skip(
                        reason="the multi-node tests run on their own: "
                        "sh exosite/dev.sh test -m cluster (on PostgreSQL)"
                    )
                )


def unavailable(reason: str):
    if os.environ.get("REQUIRE_CLUSTER"):
        pytest.fail(reason)
    pytest.skip(reason)


# --- The cluster ----------------------------------------------------------------------


class Database:
    """The cluster's own PostgreSQL database, which a test may take down and bring back."""

    def __init__(self, server_url: str):
        self.server = urllib.parse.urlsplit(server_url)
        self.name = f"{self.server.path.lstrip('/')}_cluster"
        self.url = urllib.parse.urlunsplit(self.server._replace(path=f"/{self.name}"))
        self.was_down = False

    def execute(self, *statements: str) -> list[tuple]:
        connection = psycopg2.connect(urllib.parse.urlunsplit(self.server))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def create(self) -> None:
        self.execute(
            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"'
        )

    def drop(self) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def take_down(self) -> None:
        """No new connections, and the open ones cut: as when the server goes away."""
        self.was_down = True
        self.execute(
            f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false',
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()",
        )

    def bring_back(self) -> None:
        self.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def section_id(self, slug: str) -> int:
        connection = psycopg2.connect(self.url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM articles_section WHERE slug = %s", [slug])
                return cursor.fetchone()[0]
        finally:
            connection.close()


@pytest.fixture(scope="session")
def database() -> Database:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        unavailable("the multi-node tests share one PostgreSQL: set DATABASE_URL=postgres://...")
    return Database(url)


@pytest.fixture(scope="session")
def cluster(database, tmp_path_factory):
    missing = [tool for tool in cluster_tools.TOOLS if not shutil.which(tool)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        cluster_tools.ensure_tools(cluster_tools.TOOLS, needed_by="The cluster tests")
    elif missing:
        unavailable(f"the multi-node tests need {' and '.join(missing)} (apt-get install)")
    database.create()
    running = cluster_tools.Cluster(
        database.url,
        nodes=2,
        workdir=tmp_path_factory.mktemp("cluster"),
        node_env={
            "LOGIN_FAILURES_PER_ADDRESS": str(FAILURES_PER_ADDRESS),
            # Edits here are published straight away; the medical sign-off that some pages
            # need first is tested in tests/editorial/.
            "SIGN_OFF_REQUIRED_FOR": "",
        },
    )
    try:
        running.start()
        manage(
            {
                **running.env,
                "DJANGO_SUPERUSER_USERNAME": EDITOR[0],
                "DJANGO_SUPERUSER_PASSWORD": EDITOR[1],
                "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
            },
            ["createsuperuser", "--noinput"],
        )
        yield running
    finally:
        running.stop()
        database.drop()


@pytest.fixture
def healthy(cluster, database):
    """Whatever a test breaks is mended after it: every node up, Redis and the database
    answering."""
    yield cluster
    database.bring_back()
    if database.was_down:  # each worker leaves the database alone for a while after a failure
        time.sleep(DATABASE_RETRY_SECONDS + 0.5)
        database.was_down = False
    redis = cluster.redis
    broken = not redis.answers()
    redis.resume()
    if not redis.answers():
        redis.stop()
        redis.start()
    if broken:  # each worker leaves Redis alone for a while after a failure
        time.sleep(RETRY_AFTER_SECONDS + 0.5)
    for node in cluster.nodes:
        if not node.running:
            node.start()
