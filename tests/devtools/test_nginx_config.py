"""nginx's configuration for production is the file the multi-node tests run
(exosite/devtools/nginx/cluster.conf), filled in with production's addresses."""

import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from exosite.devtools.cluster import render_nginx_site

PRODUCTION = [
    "--node",
    "10.0.0.11:8000",
    "--node",
    "10.0.0.12:8000",
    "--server-name",
    "exosite.example",
    "--server-name",
    "www.exosite.example",
]


def nginx_config(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "exosite.devtools.cluster", "--nginx-config", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_production_configuration_names_every_node_and_leaves_nothing_to_fill_in():
    result = nginx_config(*PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "server 10.0.0.11:8000 max_fails=1 fail_timeout=5s;" in result.stdout
    assert "server 10.0.0.12:8000 max_fails=1 fail_timeout=5s;" in result.stdout
    assert "listen 443 ssl http2;" in result.stdout
    assert "server_name exosite.example www.exosite.example;" in result.stdout
    assert "alias /srv/exosite/static/;" in result.stdout
    assert "{{" not in result.stdout


def test_asking_for_it_without_the_nodes_says_what_is_missing():
    result = nginx_config("--server-name", "exosite.example")
    assert result.returncode == 2
    assert "needs at least one --node and one --server-name" in result.stderr


def test_a_value_left_out_is_an_error_not_a_blank():
    with pytest.raises(ValueError, match="no value for cache_dir, log_dir"):
        render_nginx_site(
            nodes="server 10.0.0.11:8000;",
            address="443 ssl",
            server_names="exosite.example",
            static_root="/srv/exosite/static",
        )


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_production_configuration(tmp_path):
    site = nginx_config(
        *PRODUCTION,
        "--listen",
        "127.0.0.1:8443",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--log-dir",
        str(tmp_path),
    ).stdout
    (tmp_path / "exosite.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n include {tmp_path}/exosite.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
