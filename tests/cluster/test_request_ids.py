"""One reader's request can be followed from nginx's log to the log of the node that
served it: the same request id in both, and in the response."""

import re
import uuid

from tests.cluster.readers import fetch, log_lines, wait_until


def trace(cluster, request_id: str) -> tuple[dict, dict]:
    """nginx's log line and the node's access line for one request id."""

    def find():
        balancer = [e for e in log_lines(cluster.nginx_log) if e["request_id"] == request_id]
        nodes = [
            entry
            for node in cluster.nodes
            for entry in log_lines(node.log_path)
            if entry.get("request_id") == request_id and entry["logger"] == "gunicorn.access"
        ]
        return (balancer[0], nodes[0]) if balancer and nodes else None

    found = wait_until(find, seconds=3)
    assert found, f"request {request_id} is not in both nginx's log and a node's"
    return found


def test_a_readers_request_id_is_in_the_response_and_in_both_logs(cluster):
    request_id = f"reader-{uuid.uuid4().hex[:12]}"
    path = f"/guide/results/?from=request-id-{request_id}"
    answer = fetch(cluster.url + path, headers={"X-Request-ID": request_id})
    assert answer.headers["X-Request-ID"] == request_id

    balancer, node = trace(cluster, request_id)
    assert balancer["uri"] == path and balancer["status"] == 200
    assert node["path"] == "/guide/results/" and node["status"] == 200
    # The node nginx chose is the node whose log has the request.
    serving = next(n for n in cluster.nodes if n.url.endswith(balancer["upstream"]))
    assert node["node"] == serving.name


def test_without_an_id_nginx_makes_one_and_the_node_logs_it(cluster):
    answer = fetch(cluster.url + f"/faq/?from=no-id-{uuid.uuid4().hex}")
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    trace(cluster, request_id)


def test_a_forged_id_is_replaced_before_it_reaches_a_log(cluster):
    answer = fetch(
        cluster.url + f"/faq/?from=forged-{uuid.uuid4().hex}",
        headers={"X-Request-ID": 'x"}, "level": "critical'},
    )
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    trace(cluster, request_id)


def test_the_node_sees_the_scheme_and_address_nginx_passes_not_the_readers_claims(cluster):
    request_id = f"claims-{uuid.uuid4().hex[:12]}"
    fetch(
        cluster.url + f"/glossary/?from={request_id}",
        headers={
            "X-Request-ID": request_id,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
        },
        source="127.0.0.4",
    )
    _, node = trace(cluster, request_id)
    assert node["scheme"] == "http"  # nginx was reached over plain HTTP here
    assert node["forwarded_for"] == "203.0.113.9, 127.0.0.4"  # the last one is nginx's word


def test_every_line_every_node_writes_is_one_json_object(cluster):
    for node in cluster.nodes:
        entries = log_lines(node.log_path)  # fails on a line that is not JSON
        assert {"gunicorn.error", "gunicorn.access"} <= {e["logger"] for e in entries}
        assert all(e["node"] == node.name for e in entries)
