"""How the multi-node tests talk to the cluster: as readers, as an editor in the admin,
and as a crowd of readers under load; and how they read its logs."""

from __future__ import annotations

import html.parser
import http.client
import http.cookies
import json
import re
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

EDITOR = ("cluster-editor", "a-long-cluster-editor-password")


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def fetch(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str | None = None,
    timeout: float = 10,
) -> Answer:
    """One request on a new connection, redirects not followed; ``source`` picks the
    reader's address (any of 127.0.0.0/8 reaches this machine)."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        address.hostname,
        address.port,
        timeout=timeout,
        source_address=(source, 0) if source else None,
    )
    target = address.path + (f"?{address.query}" if address.query else "")
    started = time.monotonic()
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    return Answer(response.status, response.headers, content, time.monotonic() - started)


class FormFields(html.parser.HTMLParser):
    """The values a browser would submit from the first form with a given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" not in attrs:
                    return
                # A browser sends "on" for a ticked box that names no value.
                self.fields.append((attrs["name"], attrs.get("value") or "on"))
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], []
        elif tag == "select":
            self.select, self.options = attrs["name"], []
        elif tag == "option" and self.select is not None:
            self.options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options:
                chosen = [self.options[0][0]]
            self.fields += [(self.select, value) for value in chosen]
            self.select = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(page)
    if not parser.fields:
        raise AssertionError(f"no form #{form_id} on the page:\n{page[:2000]}")
    return parser.fields


class Editor:
    """An editor's browser, talking to one node: cookies kept, forms posted as sent."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}

    def request(self, path: str, fields: list[tuple[str, str]] | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = fetch(self.base_url + path, "POST" if body else "GET", headers, body)
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return answer

    def sign_in(self) -> None:
        page = self.request("/admin/login/").text
        fields = dict(form_fields(page, "login-form"))
        fields.update(username=EDITOR[0], password=EDITOR[1], next="/admin/")
        answer = self.request("/admin/login/", list(fields.items()))
        assert answer.status == 302, answer.text[:2000]

    def form(self, path: str) -> list[tuple[str, str]]:
        """The fields of an admin change form, as the admin filled them in."""
        model = re.search(r"/admin/\w+/(\w+)/", path).group(1)
        return form_fields(self.request(path).text, f"{model}_form")

    def change(self, path: str, **changes: str) -> None:
        """Open an admin change form, change some fields and save it."""
        fields = [(name, changes.get(name, value)) for name, value in self.form(path)]
        answer = self.request(path, [*fields, ("_save", "Save")])
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text, re.S)
        assert answer.status == 302, f"the admin refused the save: {errors}"

    def publish(self, path: str) -> None:
        """Publish the change a save of a live page left waiting (the page's Publish now)."""
        publish = path.removesuffix("change/") + "publish/"
        page = self.request(publish).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        answer = self.request(publish, [("csrfmiddlewaretoken", token)])
        assert answer.status == 302, answer.text[:2000]
        assert not answer.headers["Location"].endswith("publish/"), "publishing was refused"

    def change_and_publish(self, path: str, **changes: str) -> None:
        self.change(path, **changes)
        self.publish(path)


# --- Readers under load ---------------------------------------------------------------


@dataclass
class Load:
    """Readers asking for pages one after another, each on a kept-alive connection,
    until stopped: every answer that is not a page (or a redirect) is kept."""

    url: str
    paths: list[str]
    readers: int = 8
    answers: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(self.readers)
        ]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def read(self, reader: int) -> None:
        address = urllib.parse.urlsplit(self.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        count = 0
        while not self.stopping.is_set():
            count += 1
            path = self.paths[(reader + count) % len(self.paths)]
            # Every other request is one nginx has not seen, so it reaches a node.
            if count % 2:
                path += ("&" if "?" in path else "?") + f"reader={reader}-{count}"
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                outcome = response.status
            except (OSError, http.client.HTTPException) as error:
                outcome = f"{type(error).__name__}: {error}"
                connection.close()
            with self.lock:
                self.answers[outcome] += 1
                if not (isinstance(outcome, int) and outcome < 400):
                    self.failures.append(f"{path}: {outcome}")

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.answers.values())

    def wait_for_more(self, answers: int, seconds: float = 60) -> None:
        """Until this many more readers have had an answer: the load is real, however
        busy the machine is."""
        goal = self.total + answers
        assert wait_until(lambda: self.total >= goal, seconds), (goal, self.answers)


def log_lines(path: Path) -> list[dict]:
    """A JSON log, one object a line (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_until(condition, seconds: float = 5.0, every: float = 0.05):
    """The condition's first true value within the time, else its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)
