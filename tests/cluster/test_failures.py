"""What readers get when part of the cluster fails: a node killed under load, a node
restarted for a release, Redis hung or gone, the database gone."""

import time
import uuid

import pytest

from exosite.web.redis_cache import RETRY_AFTER_SECONDS
from tests.cluster.readers import Editor, Load, fetch, log_lines, wait_until

PAGES = [
    "/",
    "/guide/how-it-works/",
    "/guide/cost/",
    "/guide/safety/",
    "/faq/",
    "/glossary/",
    "/search/?q=cost",
]


def test_killing_a_node_under_load_costs_readers_nothing(healthy):
    cluster = healthy
    first = cluster.nodes[0]
    with Load(cluster.url, PAGES) as load:
        load.wait_for_more(40)
        first.kill()
        load.wait_for_more(40)  # readers carry on while it is dead
        first.start()
        load.wait_for_more(20)
    assert load.failures == [], load.answers
    # The balancer retried on the other node what the dead one could not answer.
    retried = [
        entry
        for entry in log_lines(cluster.nginx_log)
        if entry["upstream"].startswith(f"127.0.0.1:{first.port}, ")
    ]
    assert retried, "no request was retried on the other node"


def test_restarting_each_node_in_turn_for_a_release_costs_readers_nothing(healthy):
    """The release recipe (docs/deploying.md): one node at a time, the next only once the
    balancer sends the restarted one readers again."""
    cluster = healthy
    with Load(cluster.url, PAGES) as load:
        load.wait_for_more(20)
        for node in cluster.nodes:
            node.stop()  # gunicorn finishes the requests it has, then exits
            node.start()
            back = answered_by(cluster, node, after_line=len(log_lines(cluster.nginx_log)))
            assert wait_until(back, seconds=30), f"nginx sends {node.name} no readers"
        load.wait_for_more(20)
    assert load.failures == [], load.answers


def answered_by(cluster, node, after_line: int):
    """Whether nginx has had a page from the node since that line of its log."""
    address = f"127.0.0.1:{node.port}"
    return lambda: any(
        entry["upstream"].split(", ")[-1] == address and entry["status"] == 200
        for entry in log_lines(cluster.nginx_log)[after_line:]
    )


def pages_within_a_second(cluster) -> None:
    """Every node and the balancer serve pages in under a second each (pages nginx has
    not kept, so that the nodes answer)."""
    for base in [node.url for node in cluster.nodes] + [cluster.url]:
        for path in PAGES:
            separator = "&" if "?" in path else "?"
            answer = fetch(f"{base}{path}{separator}fresh={uuid.uuid4().hex}")
            assert answer.status == 200, (base, path, answer.status)
            assert answer.seconds < 1.0, (base, path, answer.seconds)


@pytest.mark.parametrize("failure", ["hung", "down"])
def test_with_redis_hung_or_down_pages_are_served_within_a_second(healthy, failure):
    cluster = healthy
    if failure == "hung":
        cluster.redis.hang()  # connections accepted, nothing ever answered
    else:
        cluster.redis.stop()
    pages_within_a_second(cluster)
    for node in cluster.nodes:
        health = fetch(node.url + "/healthz")
        assert health.seconds < 1.0
        assert (health.status, health.json()) == (
            200,
            {"status": "degraded", "database": "ok", "cache": "unavailable"},
        )


def test_an_edit_saved_while_redis_hangs_shows_everywhere_once_it_answers_again(healthy, database):
    """The save cannot drop the shared content state while Redis hangs; the node that
    saved drops it as soon as Redis answers again (exosite/web/redis_cache.py), and no
    node goes back to the copies from before the edit."""
    cluster = healthy
    first, second = cluster.nodes
    page = "/guide/aftercare/"
    for node in cluster.nodes:
        fetch(node.url + page)
    editor = Editor(first.url)
    editor.sign_in()
    section = f"/admin/articles/section/{database.section_id('aftercare')}/change/"
    body = dict(editor.form(section))["body"]
    marker = f"Saved while the cache hung {uuid.uuid4().hex[:8]}."

    cluster.redis.hang()
    with Load(first.url, ["/healthz"], readers=4):
        time.sleep(1.5)  # each of the node's workers finds Redis hung, and leaves it alone
    editor.change_and_publish(
        section, body=f"{body}\n\n{marker}\n"
    )  # the deletion is not even sent
    assert marker in fetch(second.url + page).text  # rendered from the database meanwhile
    cluster.redis.resume()
    time.sleep(RETRY_AFTER_SECONDS + 0.5)  # every worker is using Redis again

    with Load(first.url, ["/healthz"], readers=4):  # the node that saved is in use
        assert wait_until(lambda: marker in fetch(second.url + page).text, seconds=10)
    assert marker in fetch(cluster.url + page).text


def test_with_the_database_down_every_node_serves_its_copies_or_the_503_page(healthy, database):
    cluster = healthy
    bases = [node.url for node in cluster.nodes] + [cluster.url]
    copies = {base: fetch(base + "/guide/safety/").body for base in bases}
    for node in cluster.nodes:
        assert fetch(node.url + "/guide/safety/").headers["X-Page-Cache"] == "hit"
    time.sleep(1.1)  # nginx's own copies are out of date: every answer is a node's
    database.take_down()

    for base in bases:
        kept = fetch(base + "/guide/safety/")
        assert kept.status == 200, base
        assert kept.body == copies[base]
        assert kept.seconds < 1.0
        never_read = fetch(base + f"/search/?q=unread-{uuid.uuid4().hex[:8]}")
        assert never_read.status == 503, base
        assert "briefly unavailable" in never_read.text
        assert never_read.headers["Retry-After"] == "60"
        assert never_read.seconds < 1.0

    database.bring_back()
    assert wait_until(lambda: fetch(cluster.url + "/search/?q=back").status == 200, 5)
