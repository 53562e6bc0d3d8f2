"""How fast the site is, measured the way production runs it.

    sh exosite/dev.sh bench [--duration 10] [--cache memory|redis] [--quick]

It builds a throwaway database from content/, collects the static files, and starts:

- gunicorn with production settings (DEBUG off, exosite/gunicorn.conf.py) and the page
  cache on;
- a second gunicorn with the page cache off (PAGE_CACHE_SECONDS=0), so every page is
  rendered from the database;
- nginx, serving the guide page's saved HTML as a static file (the machine's limit) and
  acting as a caching reverse proxy in front of the first gunicorn that honours the site's
  own Cache-Control, as a CDN would.

wrk then drives each target for a fixed time at several concurrency levels and the script
prints requests per second, p50 and p99 latency and errors; then where an uncached guide
page's time goes (request handling, the view and its queries, templates: measured in one
process, shares from cProfile); then a sustained mixed load (60 seconds, 64 connections)
with the workers' memory before and after; then "edit under load" (the same mix for 30
seconds while a page is saved every 3 seconds, as an editor would: p99 in each 3-second
slice, and errors); then "cache flood" (random query strings and searches at 32
connections: pages in the cache before and after, and the guide page's throughput during
the flood); then the targets as ratios from this one run.
wrk and nginx come from Debian (installed when missing and running as root). The exit
status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUIDE_PAGE = "/guide/how-it-works/"
TARGETS_AT = 32  # connections at which the latency target is checked
# The cached guide page's share of nginx serving the same HTML as a file, measured on the
# commit before the page cache was bounded and compressed (docs/benchmark.md): it must not
# fall below this.
NGINX_STATIC_RATIO_BEFORE = 0.045
EDIT_EVERY = 3  # seconds between an editor's saves during "edit under load"
EDIT_FOR = 30  # seconds of "edit under load"
FLOOD_FOR = 20  # seconds of "cache flood"
# Random query strings: parameters no view reads on the guide pages and the home page, and
# random searches (a parameter the search page does read).
FLOOD_SCRIPT = """
math.randomseed(os.time())
local paths = {"/guide/how-it-works/", "/guide/cost/", "/", "/faq/"}
local i = 0
request = function()
  i = i + 1
  if i % 4 == 0 then
    return wrk.format("GET", "/search/?q=flood" .. math.random(1, 1000000000))
  end
  local path = paths[i % #paths + 1]
  return wrk.format("GET", path .. "?x" .. math.random(1, 1000000000) .. "=" .. math.random())
end
"""
MIX = [
    "/",
    "/guide/what-are-exosomes/",
    "/guide/how-it-works/",
    "/guide/results/",
    "/guide/cost/",
    "/guide/safety/",
    "/guide/candidates/",
    "/guide/aftercare/",
    "/faq/",
    "/faq/cost/",
    "/glossary/",
    "/search/?q=cost",
    "/search/?q=side+effects",
    "/sitemap.xml",
]


@dataclass
class Result:
    name: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def say(text: str = "") -> None:
    print(text, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The Debian package of each program the benchmark and the cluster run.
DEBIAN_PACKAGES = {"wrk": "wrk", "nginx": "nginx-light", "redis-server": "redis-server"}


def ensure_tools(
    tools: tuple[str, ...] = ("wrk", "nginx"), needed_by: str = "The benchmark"
) -> None:
    """Install the programs that are missing from Debian when running as root; otherwise
    stop with the command that would install them."""
    missing = [tool for tool in tools if not shutil.which(tool)]
    if not missing:
        return
    packages = [DEBIAN_PACKAGES[tool] for tool in missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing {', '.join(packages)} from Debian")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)
        return
    sys.exit(
        f"{needed_by} needs {' and '.join(missing)}: sudo apt-get install {' '.join(packages)}"
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds} seconds")


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), dict(response.headers)


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    name: str, url: str, connections: int, duration: int, script: Path | None = None
) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)\.?0*%\s+(\S+)\s*$", output, re.MULTILINE))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"could not read wrk's report for {name}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return Result(
        name,
        connections,
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        parse_duration_ms(latency["50"]),
        parse_duration_ms(latency["99"]),
        requests,
        errors,
    )


def worker_memory_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


class Site:
    """The site under gunicorn with production settings, on a database of its own."""

    def __init__(
        self,
        workdir: Path,
        env: dict[str, str],
        name: str,
        extra: dict[str, str],
        port: int | None = None,
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Appended to, so that a site started again on the same port keeps its history.
        self.log = open(workdir / f"gunicorn-{name}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "exosite/gunicorn.conf.py", "exosite.wsgi"],
            cwd=ROOT,
            env={**env, **extra, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.url + "/healthz")

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        """SIGTERM lets gunicorn finish the requests it has; SIGKILL is a machine dying."""
        os.killpg(self.process.pid, how)
        self.process.wait(timeout=30)
        self.log.close()


def nginx_config(workdir: Path, static_port: int, proxy_port: int, upstream: str) -> Path:
    config = workdir / "nginx.conf"
    config.write_text(
        f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    proxy_cache_path {workdir}/nginx-cache levels=1:2 keys_zone=pages:10m max_size=100m;
    types {{ text/html html; }}

    # The machine's limit: the guide page's saved HTML as a plain file.
    server {{
        listen 127.0.0.1:{static_port};
        root {workdir}/static-site;
    }}

    # A CDN in miniature: it keeps what the site marks public for as long as the site's
    # Cache-Control says, and never caches for a signed-in editor.
    server {{
        listen 127.0.0.1:{proxy_port};
        location / {{
            proxy_pass {upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_cache pages;
            proxy_cache_lock on;
            proxy_cache_revalidate on;
            proxy_cache_use_stale error timeout updating;
            proxy_cache_bypass $cookie_sessionid;
            proxy_no_cache $cookie_sessionid;
            add_header X-Proxy-Cache $upstream_cache_status;
        }}
    }}
}}
"""
    )
    return config


def prepare(workdir: Path, cache: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BENCHMARK_ENDPOINTS": "1",
        "GUNICORN_ACCESSLOG": "",
        # No recycling of workers, so memory growth (if any) shows.
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "warning",
        "DJANGO_SETTINGS_MODULE": "exosite.settings",
    }
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    if cache == "redis":
        env["REDIS_URL"] = env.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
        env["CACHE_KEY_PREFIX"] = f"benchmark-{secrets.token_hex(4)}"
    else:
        env.pop("REDIS_URL", None)
    manage(env, ["migrate", "--noinput", "-v0"], ["loadcontent", "--force"])
    manage(env, ["collectstatic", "--noinput", "-v0"])
    return env


def manage(env: dict[str, str], *commands: list[str]) -> None:
    """Run manage.py commands one after the other, stopping at the first that fails."""
    for command in commands:
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def render_costs(path: str, requests: int = 300) -> None:
    """Where one uncached page's time goes, measured inside one process with no network:
    run in a child process with the benchmark's settings and the page cache off."""
    import cProfile
    import io
    import pstats

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.template.backends.django import Template
    from django.urls import resolve

    handler = WSGIHandler()

    def get(address: str = path) -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": address,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        b"".join(handler(environ, lambda code, headers, *exc: status.append(code)))
        if not status[0].startswith("200"):
            raise RuntimeError(f"{address} answered {status[0]}")

    queries, database = 0, 0.0

    def in_database(execute, sql, params, many, context):
        nonlocal queries, database
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries += 1
            database += time.perf_counter() - started

    def milliseconds(address: str) -> float:
        for _ in range(20):
            get(address)
        started = time.perf_counter()
        for _ in range(requests):
            get(address)
        return (time.perf_counter() - started) * 1000 / requests

    floor = milliseconds("/benchmark/floor/")
    milliseconds(path)
    started = time.perf_counter()
    with connection.execute_wrapper(in_database):
        for _ in range(requests):
            get()
    per_page = (time.perf_counter() - started) * 1000 / requests

    # The profiler slows everything down alike; its shares are scaled to the real time.
    profile = cProfile.Profile()
    profile.runcall(lambda: [get() for _ in range(requests)])
    stats = pstats.Stats(profile).stats

    def cumulative(function) -> float:
        while hasattr(function, "__wrapped__"):
            function = function.__wrapped__
        code = function.__code__
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        return stats[key][3] if key in stats else 0.0  # 0.0: never called

    whole = cumulative(WSGIHandler.__call__)
    view = cumulative(resolve(path).func) / whole * per_page
    templates = cumulative(Template.render) / whole * per_page
    say(
        f"where the time of {path} goes with the page cache off (in one process, no network; "
        f"the minimal view takes {floor:.2f} ms):\n"
        f"  {per_page:.2f} ms a page = {per_page - view:.2f} ms request handling and middleware"
        f" + {view - templates:.2f} ms in the view + {templates:.2f} ms rendering templates\n"
        f"  the view's {queries / requests:.0f} queries spend {database * 1000 / requests:.2f} ms "
        "inside the database; the rest of the view is the ORM building them and their "
        "objects, and the page's structured data"
    )


def edit_repeatedly(every: float, duration: float) -> None:
    """Run in a child process with the benchmark's settings: save a published page every
    ``every`` seconds for ``duration`` seconds, its text changed a little each time, as an
    editor would (the save goes through the same signals as the admin's)."""
    import django

    django.setup()
    from exosite.editorial.publishing import published_filter
    from exosite.markdown.pages import markdown_page_models

    model = markdown_page_models()[0]
    page = model._default_manager.filter(published_filter()).order_by("pk").first()
    original = page.markdown_text
    deadline = time.monotonic() + duration
    number = 0
    while time.monotonic() < deadline:
        number += 1
        setattr(page, page.markdown_field, f"{original}\nEdited {number} times.\n")
        page.save()
        time.sleep(every)
    setattr(page, page.markdown_field, original)
    page.save()
    say(f"  the editor saved {number} times")


def cache_sizes(site_url: str, asks: int = 40) -> dict[str, int]:
    """Pages in each worker's page cache (one shared count with Redis), by process."""
    sizes = {}
    for _ in range(asks):
        body, _ = fetch(site_url + "/benchmark/cache/")
        report = json.loads(body)
        sizes[str(report["process"])] = report["pages"]
    return sizes


def sliced_load(name: str, url: str, seconds: int, every: int, script: Path) -> list[Result]:
    """Load in consecutive slices of ``every`` seconds, so a slow moment shows in its own
    slice's p99 instead of vanishing in the whole run's."""
    return [run_wrk(f"{name} {n}", url, 64, every, script) for n in range(seconds // every)]


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def verdict(label: str, value: float, goal: float, below: bool = False) -> str:
    met = value < goal if below else value >= goal
    shown = f"{value:.1f}" if below else f"{value:.1%}"
    return f"  {'PASS' if met else 'MISS'}  {label}: {shown}"


def table(results: list[Result]) -> None:
    columns = ("conns", 6), ("req/s", 10), ("p50 ms", 9), ("p99 ms", 9), ("requests", 10)
    say(f"{'target':<34}" + "".join(f"{name:>{width}}" for name, width in columns) + "  errors")
    for r in results:
        say(
            f"{r.name:<34}{r.connections:>6}{r.requests_per_second:>10.0f}{r.p50_ms:>9.1f}"
            f"{r.p99_ms:>9.1f}{r.requests:>10}{r.errors:>8}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", default="8,32,64", help="concurrency levels")
    parser.add_argument("--sustained", type=int, default=60, help="seconds of sustained load")
    parser.add_argument("--cache", choices=["memory", "redis"], default="memory")
    parser.add_argument("--quick", action="store_true", help="2 s runs, 10 s sustained")
    parser.add_argument(
        "--only", help="measure only targets whose name contains this, and stop (no verdicts)"
    )
    parser.add_argument("--render-costs", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--edit-for", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_costs:
        render_costs(args.render_costs)
        return 0
    if args.edit_for:
        edit_repeatedly(EDIT_EVERY, args.edit_for)
        return 0
    edit_for, flood_for = EDIT_FOR, FLOOD_FOR
    if args.quick:
        args.duration, args.sustained = 2, 10
        edit_for, flood_for = 12, 6
    levels = [int(n) for n in args.connections.split(",")]

    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="exosite-benchmark-"))
    say(f"machine: {machine()}")
    say(f"page cache: {args.cache}; database: {os.environ.get('DATABASE_URL') or 'SQLite'}")
    env = prepare(workdir, args.cache)
    cached = Site(workdir, env, "cached", {})
    uncached = Site(workdir, env, "uncached", {"PAGE_CACHE_SECONDS": "0"})
    nginx = None
    try:
        html, headers = fetch(cached.url + GUIDE_PAGE)
        static_css = re.search(rb'href="(/static/css/site[^"]+\.css)"', html).group(1).decode()
        (workdir / "static-site" / "guide").mkdir(parents=True)
        (workdir / "static-site" / "guide" / "page.html").write_bytes(html)
        say(f"guide page: {len(html)} bytes; Cache-Control: {headers.get('Cache-Control')}")

        static_port, proxy_port = free_port(), free_port()
        config = nginx_config(workdir, static_port, proxy_port, cached.url)
        nginx = subprocess.Popen(
            ["nginx", "-c", str(config), "-p", str(workdir), "-g", "daemon off;"],
            start_new_session=True,
        )
        wait_for(f"http://127.0.0.1:{static_port}/guide/page.html")
        wait_for(f"http://127.0.0.1:{proxy_port}{GUIDE_PAGE}")
        _, proxied = fetch(f"http://127.0.0.1:{proxy_port}{GUIDE_PAGE}")
        say(f"caching proxy says: {proxied.get('X-Proxy-Cache')} (HIT means the page is cacheable)")

        targets = [
            ("minimal Django view (floor)", cached.url + "/benchmark/floor/"),
            ("guide page, cached", cached.url + GUIDE_PAGE),
            ("guide page, uncached", uncached.url + GUIDE_PAGE),
            ("FAQ page, cached", cached.url + "/faq/"),
            ("FAQ page, uncached", uncached.url + "/faq/"),
            ("search, cached", cached.url + "/search/?q=side+effects"),
            ("search, uncached", uncached.url + "/search/?q=side+effects"),
            ("static file (whitenoise)", cached.url + static_css),
            ("nginx: saved HTML (limit)", f"http://127.0.0.1:{static_port}/guide/page.html"),
            ("nginx caching proxy: guide", f"http://127.0.0.1:{proxy_port}{GUIDE_PAGE}"),
        ]
        results: list[Result] = []
        for name, url in targets:
            if args.only and args.only not in name:
                continue
            fetch(url)  # warm every worker's view of the page
            for level in levels:
                results.append(run_wrk(name, url, level, args.duration))
                say(f"  measured {name} at {level} connections")
        say()
        table(results)
        if args.only:
            return 0

        say()
        subprocess.run(
            [PYTHON, "-m", "exosite.devtools.benchmark", "--render-costs", GUIDE_PAGE],
            cwd=ROOT,
            env={**env, "PAGE_CACHE_SECONDS": "0"},
            check=True,
        )

        say()
        say(f"sustained load: {args.sustained} s, 64 connections, a mix of {len(MIX)} pages")
        script = workdir / "mix.lua"
        paths = ", ".join(f'"{path}"' for path in MIX)
        script.write_text(
            f"local paths = {{{paths}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            '  return wrk.format("GET", paths[i])\nend\n'
        )
        before = worker_memory_mb(cached.process.pid)
        sustained = run_wrk("sustained mix, cached", cached.url, 64, args.sustained, script)
        after = worker_memory_mb(cached.process.pid)
        table([sustained])
        per_worker = sustained.requests / max(len(after), 1)
        say(f"workers' memory before: {', '.join(f'{m:.0f}' for m in before)} MB")
        say(
            f"workers' memory after:  {', '.join(f'{m:.0f}' for m in after)} MB "
            f"(about {per_worker:,.0f} requests each)"
        )
        served = {name for name, url in targets if url.startswith(cached.url)}
        total = sum(r.requests for r in results if r.name in served) + sustained.requests
        say(
            f"the cached site's {len(after)} workers served {total:,} requests in all "
            f"(about {total / max(len(after), 1):,.0f} each)"
        )

        say()
        say(
            f"edit under load: {edit_for} s, 64 connections, the same mix, a page saved "
            f"every {EDIT_EVERY} s"
        )
        editor = subprocess.Popen(
            [PYTHON, "-m", "exosite.devtools.benchmark", "--edit-for", str(edit_for)],
            cwd=ROOT,
            env=env,
        )
        slices = sliced_load("edit under load", cached.url, int(edit_for), EDIT_EVERY, script)
        editor.wait(timeout=60)
        table(slices)
        edit_requests = sum(r.requests for r in slices)
        edit_errors = sum(r.errors for r in slices)
        worst_slice = max(r.p99_ms for r in slices)
        say(
            f"edit under load: {edit_requests:,} requests, {edit_errors} errors, "
            f"p99 per {EDIT_EVERY}-second slice: worst {worst_slice:.1f} ms, "
            f"median {sorted(r.p99_ms for r in slices)[len(slices) // 2]:.1f} ms"
        )

        say()
        say(
            f"cache flood: {flood_for} s of random query strings and searches at 32 "
            "connections, and the guide page at 32 connections beside them"
        )
        flood_script = workdir / "flood.lua"
        flood_script.write_text(FLOOD_SCRIPT)
        sizes_before = cache_sizes(cached.url)
        memory_before = worker_memory_mb(cached.process.pid)
        flooding: list[Result] = []
        flood = threading.Thread(
            target=lambda: flooding.append(
                run_wrk("cache flood", cached.url, 32, int(flood_for), flood_script)
            )
        )
        flood.start()
        during = run_wrk("guide page during the flood", cached.url + GUIDE_PAGE, 32, int(flood_for))
        flood.join()
        sizes_after = cache_sizes(cached.url)
        memory_after = worker_memory_mb(cached.process.pid)
        table([*flooding, during])
        say(
            f"pages in the cache before the flood: {sizes_before}; after: {sizes_after} "
            f"(by process; searches are stored at most "
            f"{env.get('PAGE_CACHE_QUERY_VARIANTS', '200')} per period)"
        )
        say(
            f"workers' memory before the flood: {', '.join(f'{m:.0f}' for m in memory_before)} "
            f"MB; after: {', '.join(f'{m:.0f}' for m in memory_after)} MB"
        )
        flood_growth = max(sizes_after.values()) - max(sizes_before.values())

        def rps(name: str, level: int = TARGETS_AT) -> Result:
            return next(r for r in results if r.name == name and r.connections == level)

        floor = rps("minimal Django view (floor)").requests_per_second
        nginx_static = rps("nginx: saved HTML (limit)").requests_per_second
        verdicts = [
            verdict(
                "cached guide page >= 80% of the floor",
                rps("guide page, cached").requests_per_second / floor,
                0.8,
            ),
            verdict(
                "uncached guide page >= 30% of the floor",
                rps("guide page, uncached").requests_per_second / floor,
                0.3,
            ),
            verdict(
                "caching proxy >= 70% of nginx static",
                rps("nginx caching proxy: guide").requests_per_second / nginx_static,
                0.7,
            ),
        ]
        for name in ("guide page, cached", "guide page, uncached", "FAQ page, cached"):
            verdicts.append(verdict(f"p99 under 50 ms, {name}", rps(name).p99_ms, 50, below=True))
        verdicts += [
            verdict(
                f"cached guide page >= {NGINX_STATIC_RATIO_BEFORE:.1%} of nginx static "
                "(the ratio before this change)",
                rps("guide page, cached").requests_per_second / nginx_static,
                NGINX_STATIC_RATIO_BEFORE,
            ),
            verdict(
                "p99 under 20 ms, guide page, cached", rps("guide page, cached").p99_ms, 20, True
            ),
            verdict("edit under load: worst p99 of a slice under 50 ms", worst_slice, 50, True),
            verdict("edit under load: errors", edit_errors, 1, below=True),
            verdict(
                "cache flood: new pages stored per process under 2 x the search limit",
                flood_growth,
                2 * int(env.get("PAGE_CACHE_QUERY_VARIANTS", "200")) + 1,
                below=True,
            ),
            verdict("cache flood: errors", sum(r.errors for r in [*flooding, during]), 1, True),
        ]
        growth = max((a - b for a, b in zip(after, before, strict=False)), default=0.0)
        verdicts += [
            verdict("largest worker after the load, MB", max(after), 120, below=True),
            verdict("memory growth under sustained load, MB", growth, 10, below=True),
            verdict("errors under sustained load", sustained.errors, 1, below=True),
            verdict("errors in all runs", sum(r.errors for r in results), 1, below=True),
        ]
        say()
        say(f"targets (at {TARGETS_AT} connections unless said):")
        for line in verdicts:
            say(line)
        missed = sum(line.startswith("  MISS") for line in verdicts)
        return 1 if missed else 0
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        cached.stop()
        uncached.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
