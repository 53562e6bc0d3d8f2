"""Several app nodes behind nginx, on one machine, as production runs them on several.

    sh exosite/dev.sh cluster [--nodes 2] [--port 8080]

With DATABASE_URL pointing at PostgreSQL, it migrates that database and loads content/
into it once, collects the static files, and starts:

- a Redis of its own on a free port (no persistence), the cache every node shares;
- the app nodes, each its own gunicorn with production settings (exosite/gunicorn.conf.py,
  DEBUG off) and its own name, port, control socket and log file, sharing the database,
  the Redis and one MEDIA_ROOT;
- nginx in front (exosite/devtools/nginx/cluster.conf, the file production uses) as load
  balancer and short-lived page cache, serving the static files itself.

It prints the addresses and where each log is, then runs until Ctrl-C. The tests in
tests/cluster/ start the same cluster and break it: a node killed under load, Redis hung
or down, the database down. See docs/deploying.md for the production recipe.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exosite.devtools.benchmark import (
    PYTHON,
    ROOT,
    Site,
    ensure_tools,
    free_port,
    manage,
    say,
    wait_for,
)

NGINX_SITE = Path(__file__).resolve().parent / "nginx" / "cluster.conf"
# The programs the cluster runs besides the site (from Debian, installed when missing).
TOOLS = ("nginx", "redis-server")


def upstream_servers(addresses: list[str]) -> str:
    """The upstream's lines, one a node: a node that fails is left alone for 5 seconds."""
    return "\n    ".join(f"server {address} max_fails=1 fail_timeout=5s;" for address in addresses)


def render_nginx_site(**values: str) -> str:
    """cluster.conf with its {{ names }} filled in; a name without a value is an error."""
    text = NGINX_SITE.read_text()
    names = set(re.findall(r"\{\{ (\w+) \}\}", text))
    if missing := names - values.keys():
        raise ValueError(f"no value for {', '.join(sorted(missing))} in {NGINX_SITE.name}")
    return re.sub(r"\{\{ (\w+) \}\}", lambda match: values[match.group(1)], text)


class Redis:
    """A Redis server of the cluster's own, which the tests may hang or stop."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
                *("--logfile", str(self.workdir / "redis.log")),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"Redis did not start on port {self.port}")
            time.sleep(0.1)

    def answers(self) -> bool:
        try:
            result = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"],
                capture_output=True,
                text=True,
                timeout=1,
            )
        except subprocess.TimeoutExpired:  # hung
            return False
        return result.stdout.strip() == "PONG"

    def hang(self) -> None:
        """Stopped, not dead: the kernel still accepts connections on its port, and no
        command is ever answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        """Gone: connections to its port are refused."""
        self.resume()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Node:
    """One app node: a gunicorn of its own on a fixed port, which can be killed and
    started again."""

    def __init__(self, workdir: Path, name: str, env: dict[str, str]):
        self.workdir = workdir
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"gunicorn-{name}.log"
        self.env = {
            **env,
            "NODE_NAME": name,
            # The control socket is named after the address (exosite/gunicorn.conf.py).
            "XDG_RUNTIME_DIR": str(workdir / "run"),
        }
        self.site: Site | None = None

    @property
    def control_socket(self) -> Path:
        return self.workdir / "run" / f"exosite-127-0-0-1-{self.port}.ctl"

    @property
    def running(self) -> bool:
        return self.site is not None

    def start(self) -> None:
        self.site = Site(self.workdir, self.env, self.name, {}, port=self.port)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        if self.site is not None:
            self.site.stop(how)
            self.site = None

    def kill(self) -> None:
        """Gone at once, requests in flight and all, as when its machine dies."""
        self.stop(signal.SIGKILL)


class Cluster:
    """Redis, the app nodes and nginx, on a PostgreSQL database prepared once."""

    def __init__(
        self,
        database_url: str,
        nodes: int = 2,
        port: int | None = None,
        workdir: Path | None = None,
        node_env: dict[str, str] | None = None,
    ):
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise ValueError(
                "The cluster's nodes share one PostgreSQL database: set DATABASE_URL to "
                "postgres://USER@HOST:5432/NAME (a database the cluster may migrate and load "
                "content/ into)."
            )
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="exosite-cluster-"))
        (self.workdir / "run").mkdir(parents=True, exist_ok=True)
        (self.workdir / "media").mkdir(exist_ok=True)
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.nginx_log = self.workdir / "exosite-access.log"
        self.redis: Redis | None = None
        self.nginx: subprocess.Popen | None = None
        # Each node names its own control socket and log lines (Node, below).
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name not in {"GUNICORN_CONTROL_SOCKET", "NODE_NAME"}
        }
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "exosite.settings",
            "DEBUG": "0",
            # One key for every node: a session or a form signed by one is good on all.
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            # Plain HTTP on one machine; production terminates TLS in nginx.
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "TRUSTED_PROXY_COUNT": "1",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "2",
            # The tests read whether a node answered from its cache (off in production).
            "PAGE_CACHE_STATUS_HEADER": "1",
            **(node_env or {}),
        }
        self.nodes = [Node(self.workdir, f"node-{n}", self.env) for n in range(1, nodes + 1)]

    def start(self) -> None:
        """Prepare the database once (as a release does), then start everything."""
        self.redis = Redis(self.workdir)
        self.env["REDIS_URL"] = self.redis.url
        for node in self.nodes:
            node.env["REDIS_URL"] = self.redis.url
        manage(self.env, ["migrate", "--noinput", "-v0"])
        try:
            manage(self.env, ["loadcontent"])
        except subprocess.CalledProcessError:
            say("content/ was not loaded (see above); the nodes serve what the database has.")
        manage(self.env, ["collectstatic", "--noinput", "-v0"])
        for node in self.nodes:
            node.start()
        self.start_nginx()

    def start_nginx(self) -> None:
        site = self.workdir / "exosite.conf"
        site.write_text(
            render_nginx_site(
                nodes=upstream_servers([f"127.0.0.1:{node.port}" for node in self.nodes]),
                address=f"127.0.0.1:{self.port}",
                server_names="127.0.0.1 localhost",
                static_root=str(ROOT / "staticfiles"),
                cache_dir=str(self.workdir / "nginx-cache"),
                log_dir=str(self.workdir),
            )
        )
        # What Debian's /etc/nginx/nginx.conf does, for an nginx of its own in the workdir.
        config = self.workdir / "nginx.conf"
        config.write_text(
            f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {self.workdir}/nginx.pid;
error_log {self.workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {self.workdir}/nginx-body;
    proxy_temp_path {self.workdir}/nginx-proxy;
    fastcgi_temp_path {self.workdir}/nginx-fastcgi;
    uwsgi_temp_path {self.workdir}/nginx-uwsgi;
    scgi_temp_path {self.workdir}/nginx-scgi;
    include {site};
}}
"""
        )
        self.nginx = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", str(self.workdir), "-g", "daemon off;"],
            start_new_session=True,
        )
        wait_for(f"{self.url}/healthz")

    def stop(self) -> None:
        if self.nginx is not None:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
        for node in self.nodes:
            node.stop()
        if self.redis is not None:
            self.redis.stop()

    def describe(self) -> str:
        lines = [f"the site, through nginx:  {self.url}/  (admin: {self.url}/admin/)"]
        lines += [f"{node.name}:                   {node.url}/" for node in self.nodes]
        lines += [
            f"Redis:                    {self.redis.url}",
            f"database:                 {self.database_url}",
            f"logs:                     {self.workdir}/ (nginx: exosite-access.log; each "
            "node: gunicorn-NODE.log)",
            f"control sockets:          {self.workdir}/run/ (gunicornc -s PATH -c 'show workers')",
            f"make an admin account:    DATABASE_URL={self.database_url} "
            f"{PYTHON} manage.py createsuperuser",
        ]
        return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2, help="how many app nodes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    production = parser.add_argument_group(
        "nginx's configuration for production (docs/deploying.md)",
        "--nginx-config prints cluster.conf filled in with these values, and stops",
    )
    production.add_argument("--nginx-config", action="store_true")
    production.add_argument("--node", action="append", metavar="HOST:PORT", default=[])
    production.add_argument("--listen", default="443 ssl http2", metavar="ADDRESS")
    production.add_argument("--server-name", action="append", metavar="NAME", default=[])
    production.add_argument("--static-root", default="/srv/exosite/static", metavar="DIR")
    production.add_argument("--cache-dir", default="/var/cache/nginx/exosite", metavar="DIR")
    production.add_argument("--log-dir", default="/var/log/nginx", metavar="DIR")
    args = parser.parse_args()
    if args.nginx_config:
        if not args.node or not args.server_name:
            parser.error("--nginx-config needs at least one --node and one --server-name")
        print(
            render_nginx_site(
                nodes=upstream_servers(args.node),
                address=args.listen,
                server_names=" ".join(args.server_name),
                static_root=args.static_root.rstrip("/"),
                cache_dir=args.cache_dir,
                log_dir=args.log_dir,
            ),
            end="",
        )
        return 0
    database_url = os.environ.get("DATABASE_URL", "")
    try:
        cluster = Cluster(database_url, nodes=args.nodes, port=args.port)
    except ValueError as error:
        say(str(error))
        return 2
    ensure_tools(TOOLS, needed_by="The cluster")
    try:
        cluster.start()
        say(cluster.describe())
        say("Ctrl-C stops everything.")
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        cluster.stop()
        shutil.rmtree(cluster.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
