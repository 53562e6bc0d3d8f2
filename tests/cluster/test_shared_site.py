"""Two nodes and nginx are one site: an edit through one shows everywhere at once, nginx
serves static files and briefly cached pages, and the site sees each reader's own
address through it."""

import gzip
import re
import uuid

from gunicorn.ctl.client import ControlClient

from tests.cluster.readers import Editor, fetch, form_fields, wait_until


def test_an_edit_through_one_node_shows_through_the_other_and_the_balancer_at_once(
    cluster, database
):
    first, second = cluster.nodes
    for url in (first.url, second.url, cluster.url):
        assert fetch(url + "/guide/cost/").status == 200  # every copy of the page is cached
    marker = f"Checked on several machines {uuid.uuid4().hex[:8]}."

    editor = Editor(first.url)
    editor.sign_in()
    section = f"/admin/articles/section/{database.section_id('cost')}/change/"
    body = dict(editor.form(section))["body"]
    editor.change_and_publish(section, body=f"{body}\n\n{marker}\n")

    assert marker in fetch(second.url + "/guide/cost/").text
    assert marker in fetch(first.url + "/guide/cost/").text
    # nginx keeps a page for one second at most: it cannot be told of the edit.
    assert wait_until(lambda: marker in fetch(cluster.url + "/guide/cost/").text, seconds=1.5)


def test_the_balancer_shares_public_pages_for_a_second_and_never_the_admin(cluster):
    path = f"/faq/?visit={uuid.uuid4().hex}"
    assert fetch(cluster.url + path).headers["X-Proxy-Cache"] == "MISS"
    again = fetch(cluster.url + path)
    assert again.headers["X-Proxy-Cache"] == "HIT"
    # The site's own Cache-Control goes on to browsers and CDNs unchanged.
    assert again.headers["Cache-Control"].startswith("public")
    assert wait_until(lambda: fetch(cluster.url + path).headers["X-Proxy-Cache"] == "EXPIRED", 2)

    for _ in range(2):
        login = fetch(cluster.url + "/admin/login/")
        assert login.status == 200
        assert login.headers["X-Proxy-Cache"] in {"MISS", None}
        assert (
            "private" in login.headers["Cache-Control"]
            or "no-cache" in login.headers["Cache-Control"]
        )


def test_a_signed_in_editor_always_reaches_a_node(cluster):
    path = "/guide/safety/"
    fetch(cluster.url + path)
    answer = fetch(cluster.url + path, headers={"Cookie": "sessionid=an-editors-session"})
    assert answer.headers["X-Proxy-Cache"] == "BYPASS"


def test_the_balancer_compresses_pages_but_not_the_admin(cluster):
    page = fetch(cluster.url + "/faq/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"<html" in gzip.decompress(page.body)
    login = fetch(cluster.url + "/admin/login/", headers={"Accept-Encoding": "gzip"})
    assert login.headers["Content-Encoding"] is None
    assert b"csrfmiddlewaretoken" in login.body


def test_the_balancer_serves_static_files_itself_compressed_and_for_ever(cluster):
    home = fetch(cluster.url + "/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
    answer = fetch(cluster.url + stylesheet, headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.headers["Server"] == "nginx"  # whitenoise on a node would say gunicorn
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in answer.headers["Cache-Control"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    for node in cluster.nodes:
        assert stylesheet not in node.log_path.read_text()


def test_the_site_sees_each_readers_own_address_through_the_balancer(cluster):
    """Sign-in failures are counted per client address. The balancer adds the reader's
    address to X-Forwarded-For and the site trusts only that last entry: a reader who
    forges the header is still counted, and another reader is not."""
    login = cluster.url + "/admin/login/"

    def try_signing_in(reader: str, attempt: int) -> int:
        editor = Editor(cluster.url)
        page = editor.request("/admin/login/").text
        token = dict(form_fields(page, "login-form"))["csrfmiddlewaretoken"]
        answer = fetch(
            login,
            "POST",
            headers={
                "Cookie": "; ".join(f"{k}={v}" for k, v in editor.cookies.items()),
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": f"198.51.100.{attempt}",
            },
            body=(
                f"csrfmiddlewaretoken={token}&username=nobody-{reader}-{attempt}"
                "&password=wrong-password-entirely"
            ).encode(),
            source=reader,
        )
        return answer.status

    for attempt in range(int(cluster.env["LOGIN_FAILURES_PER_ADDRESS"])):
        assert try_signing_in("127.0.0.2", attempt) == 200  # the form again, with the error
    assert try_signing_in("127.0.0.2", 99) == 429  # this reader must wait, forged or not
    assert try_signing_in("127.0.0.3", 0) == 200  # another reader need not


def test_each_node_has_its_own_control_socket(cluster):
    sockets = {node.control_socket for node in cluster.nodes}
    assert len(sockets) == len(cluster.nodes)
    for node in cluster.nodes:
        with ControlClient(str(node.control_socket), timeout=5) as client:
            listeners = client.send_command("show listeners")["listeners"]
        assert [listener["address"] for listener in listeners] == [node.url]
