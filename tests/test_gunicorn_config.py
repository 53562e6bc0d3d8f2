"""gunicorn's settings (exosite/gunicorn.conf.py): several instances on one host stay apart."""

import runpy

from django.conf import settings

CONFIG = settings.BASE_DIR / "exosite" / "gunicorn.conf.py"


def config(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_BIND", "GUNICORN_CONTROL_SOCKET", "XDG_RUNTIME_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_two_instances_on_one_host_get_their_own_control_sockets(monkeypatch, tmp_path):
    first = config(monkeypatch, GUNICORN_BIND="127.0.0.1:8001", XDG_RUNTIME_DIR=str(tmp_path))
    second = config(monkeypatch, GUNICORN_BIND="127.0.0.1:8002", XDG_RUNTIME_DIR=str(tmp_path))
    assert first["control_socket"] != second["control_socket"]
    assert first["control_socket"] == str(tmp_path / "exosite-127-0-0-1-8001.ctl")


def test_the_control_socket_can_be_named_outright(monkeypatch):
    values = config(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/exosite/node-2.ctl")
    assert values["control_socket"] == "/run/exosite/node-2.ctl"


def test_gunicorn_logs_in_the_sites_format_with_the_request_id(monkeypatch):
    assert config(monkeypatch)["logger_class"] == "exosite.web.logs.GunicornLogger"
