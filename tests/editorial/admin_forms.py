"""Filling in an admin form as a browser would: every field the page's form holds, with
its current value, then the changes a test makes."""

from html.parser import HTMLParser

from exosite.editorial.page_urls import admin_url


class _FormFields(HTMLParser):
    """The named fields of the admin's change form (its <form> has an id ending _form)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.fields: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                self.fields.setdefault(name, [])
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.setdefault(name, []).append(attributes.get("value", default))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields[self._select].append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data


def form_fields(html: str) -> dict:
    parser = _FormFields()
    parser.feed(html)
    data: dict = {}
    for name, values in parser.fields.items():
        if name.endswith("__prefix__") or "__prefix__" in name:
            continue
        if len(values) == 1:
            value = values[0]
            # A textarea's first newline belongs to the markup, not to the text.
            data[name] = value[1:] if value.startswith("\n") else value
        elif values:
            data[name] = values
    return data


def change_form_data(client, page, **changes) -> dict:
    """The page's change form as the admin shows it to this client, with ``changes``."""
    response = client.get(admin_url(page))
    assert response.status_code == 200, response.status_code
    data = form_fields(response.content.decode())
    data.update(changes)
    return data


def publish(client, page) -> None:
    """Publish the page's pending change (a save of a live page waits for this)."""
    response = client.post(admin_url(page, "publish"))
    assert response.status_code == 302, response.status_code
