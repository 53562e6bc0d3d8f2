"""gunicorn settings for production: ``gunicorn -c exosite/gunicorn.conf.py exosite.wsgi``.

Each value can be overridden from the environment without editing this file.
"""

import multiprocessing
import os

# Security review #5 and #18: only this machine can reach gunicorn unless GUNICORN_BIND
# says otherwise. Sync workers wait for slow clients, so a reverse proxy that buffers
# requests (nginx) must stand in front; it is also the one sender X-Forwarded-* is
# trusted from (FORWARDED_ALLOW_IPS, below and in the settings).
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# One more worker than cores, one thread each: most requests are answered from the page
# cache without waiting on the database, so extra processes or threads only queue for the
# CPU and make slow tails. The benchmark (exosite/benchmark.py) measured this against
# 2 workers per core with 2 threads each: the same throughput, with p99 latency at 32
# connections about half as long.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Load the app before forking so a broken configuration fails once, loudly, at start-up.
preload_app = True
# "-" logs each request to standard output; GUNICORN_ACCESSLOG="" turns that off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Security review #1: never take SCRIPT_NAME or PATH_INFO from request headers, even from
# the proxy (gunicorn's default does): one request could then cache the home page under
# any other page's address. The site is mounted at / (FORCE_SCRIPT_NAME to change it).
forwarder_headers = ""

# --- Several instances on one host, and logs that follow a request ------------------------
# gunicorn's control socket (for gunicornc) defaults to one path per user, so a second
# instance on the same host would take the first one's socket over, and remove it when it
# stops. Each instance gets its own, named after the address it listens on, unless
# GUNICORN_CONTROL_SOCKET names one.
_runtime_dir = os.environ.get("XDG_RUNTIME_DIR") or os.path.expanduser("~/.gunicorn")
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    _runtime_dir, "exosite-" + "".join(c if c.isalnum() else "-" for c in bind) + ".ctl"
)
# gunicorn's own log and the access log in the site's LOG_FORMAT, with the request id.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exosite.settings")
logger_class = "exosite.web.logs.GunicornLogger"
