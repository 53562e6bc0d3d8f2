#!/usr/bin/env sh
# exosite's developer commands, for a fresh clone with nothing set up:
#
#   sh exosite/dev.sh start   install everything, load content/ into a local SQLite
#                             database, and serve the site at http://127.0.0.1:8000
#   sh exosite/dev.sh test    install everything and run the full test suite
#                             (extra arguments go to pytest)
#   sh exosite/dev.sh bench   measure speed and memory under load (exosite/devtools/benchmark.py)
#   sh exosite/dev.sh cluster two app nodes behind nginx, sharing PostgreSQL (DATABASE_URL)
#                             and a Redis of their own, on one machine
#                             (exosite/devtools/cluster.py; docs/deploying.md)
#
# It needs Python 3.12 or newer and finds one by itself (PYTHON=/path/to/python overrides).
# Everything is installed into .venv in the project folder; nothing outside it is touched,
# except that the browser tests install Debian's chromium package when it is missing, and
# the benchmark and the cluster install Debian's nginx, wrk and redis-server.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"

say() { printf '%s\n' "exosite: $*" >&2; }

is_new_enough() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    for candidate in ${PYTHON:-} python3.14 python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    # pyenv installs that are not the active version (their shims refuse to run).
    roots="${PYENV_ROOT:-$HOME/.pyenv}"
    if command -v pyenv >/dev/null 2>&1; then roots="$(pyenv root) $roots"; fi
    for root in $roots; do
        for candidate in "$root"/versions/3.1[2-9]*/bin/python3 "$root"/versions/3.[2-9][0-9]*/bin/python3; do
            if [ -x "$candidate" ] && is_new_enough "$candidate"; then
                printf '%s\n' "$candidate"
                return 0
            fi
        done
    done
    for candidate in /usr/local/bin/python3.1[2-9] /opt/homebrew/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
        if [ -x "$candidate" ] && is_new_enough "$candidate"; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [ -x "$VENV/bin/python" ] && ! is_new_enough "$VENV/bin/python"; then
        say "removing .venv: it was made with a Python older than 3.12"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        if ! python=$(find_python); then
            say "exosite needs Python 3.12 or newer, and none was found."
            say "Install one, then run this command again:"
            say "  Debian/Ubuntu: sudo apt install python3.12 python3.12-venv"
            say "  macOS (Homebrew): brew install python@3.12"
            say "  Windows or anything else: https://www.python.org/downloads/"
            say "  With pyenv: pyenv install 3.12"
            say "Or point at one directly: PYTHON=/path/to/python3.12 sh exosite/dev.sh $COMMAND"
            exit 1
        fi
        say "creating .venv with $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
        if ! "$python" -m venv "$VENV"; then
            say "could not create a virtual environment. On Debian/Ubuntu install python3.12-venv."
            exit 1
        fi
    fi
    stamp="$VENV/.installed-$(cksum < pyproject.toml | cut -d' ' -f1)"
    if [ ! -f "$stamp" ]; then
        say "installing exosite and its dependencies into .venv"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]"
        rm -f "$VENV"/.installed-*
        touch "$stamp"
    fi
}

# The browser tests drive Debian's Chromium at /usr/bin/chromium; without it they are
# skipped (or fail, where REQUIRE_BROWSER is set, as in CI).
ensure_chromium() {
    [ -x /usr/bin/chromium ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian's chromium package for the browser tests"
        if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
            return 0
        fi
        say "could not install chromium with apt-get (see above)."
    fi
    say "the browser tests need Chromium at /usr/bin/chromium and are skipped without it."
    say "  Debian: sudo apt-get install chromium"
}

COMMAND="${1:-}"
[ $# -gt 0 ] && shift

case "$COMMAND" in
    start)
        ensure_venv
        export DEBUG="${DEBUG:-1}"
        "$VENV/bin/python" manage.py migrate --noinput
        if ! "$VENV/bin/python" manage.py loadcontent; then
            say "content/ was not loaded (see above); the site starts with what the database has."
        fi
        say "the site is at http://127.0.0.1:${PORT:-8000}/ and the admin at http://127.0.0.1:${PORT:-8000}/admin/"
        say "make an admin account with: .venv/bin/python manage.py createsuperuser"
        exec "$VENV/bin/python" manage.py runserver "127.0.0.1:${PORT:-8000}"
        ;;
    test)
        ensure_venv
        ensure_chromium
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    bench)
        ensure_venv
        exec "$VENV/bin/python" -m exosite.devtools.benchmark "$@"
        ;;
    cluster)
        ensure_venv
        exec "$VENV/bin/python" -m exosite.devtools.cluster "$@"
        ;;
    *)
        say "usage: sh exosite/dev.sh start | test [pytest arguments] | bench [--quick] | cluster [--nodes N]"
        exit 2
        ;;
esac
