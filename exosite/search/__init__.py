"""Site search over guide sections and FAQ answers, on PostgreSQL and on SQLite.

One code path, two engines behind it:

* PostgreSQL: a weighted ``tsvector`` column (title A, summary B, body C) with a GIN
  index, ``websearch`` query syntax, ``ts_rank`` and ``ts_headline``.
* SQLite: an FTS5 table with the Porter stemmer, ``bm25`` ranking with the same
  weighting, and ``snippet``.

Both get the visitor's words through ``parse_query`` first, which removes control
characters, caps the length and keeps only words and quoted phrases, so no query can
reach the database as syntax. Both rank a guide section a little above an FAQ answer
that matches equally, because the section explains more. The index is written by
``index(page)`` whenever a searchable page is saved (see ``exosite.search.documents``);
visitors find only what ``published_filter()`` lets them see, the same rule as every page,
so a scheduled page is found from its publish time on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, FloatField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from exosite.editorial.publishing import published_filter
from exosite.markdown import plain_text
from exosite.markdown.glossary import without_tips
from exosite.markdown.pages import MarkdownPage
from exosite.models import SearchEntry
from exosite.search.documents import SearchDocument, is_searchable, searchable_models

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20
SECTION_BOOST = 1.5
FTS_TABLE = "exosite_search_fts"
_MARK_START, _MARK_END = "\ue000", "\ue001"  # private-use characters: never in content

# Words that carry no meaning for ranking ("does it hurt" is about "hurt").
STOPWORDS = frozenset(
    (
        "a an and are as at be but by can could did do does doing for from had has have "
        "how i if in into is it its me my of on or our should so than that the their "
        "them then there these they this to was we were what when where which who why "
        "will with would you your "
    ).split()
)


# --- What gets indexed ----------------------------------------------------------


@receiver(post_save, dispatch_uid="search-index-saved")
def index_saved_page(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw and is_searchable(sender):
        index(instance)


@receiver(post_delete, dispatch_uid="search-index-deleted")
def remove_deleted_page(sender, instance, **kwargs) -> None:
    if is_searchable(sender):
        remove(sender._meta.model_name, instance.pk)


def searchable_text(body_html: str) -> str:
    """The words a reader sees in the body, without the glossary's tooltip definitions."""
    return plain_text(without_tips(body_html))


def index(page: MarkdownPage) -> None:
    """Write or refresh the search entry of a page."""
    document = SearchDocument.of(page)
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            page_type=document.page_type,
            object_id=page.pk,
            defaults={
                "title": document.title,
                "summary": document.summary,
                "body": searchable_text(document.body_html),
                "url": document.url,
                "place": document.place,
                "status": document.status,
                "publish_at": document.publish_at,
            },
        )
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(pk=entry.pk).update(
                search_vector=SearchVector("title", weight="A", config="english")
                + SearchVector("summary", weight="B", config="english")
                + SearchVector("body", weight="C", config="english")
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) "
                    "VALUES (%s, %s, %s, %s)",
                    [entry.pk, entry.title, entry.summary, entry.body],
                )


def remove(page_type: str, object_id: int) -> None:
    with transaction.atomic():
        for entry in SearchEntry.objects.filter(page_type=page_type, object_id=object_id):
            if connection.vendor != "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])
            entry.delete()


# --- What the visitor typed -------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str  # cleaned, as echoed back to the visitor
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.phrases


def parse_query(raw: str | None) -> Query:
    text = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char
        for char in (raw or "")[: MAX_QUERY_LENGTH * 10]
    )
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()
    phrases = []
    for quoted in re.findall(r'"([^"]+)"', text):
        words = tuple(re.findall(r"\w+", quoted.lower()))
        if len(words) > 1:
            phrases.append(words)
    unquoted = re.sub(r'"[^"]*"', " ", text) if phrases else text
    words = []
    for word in re.findall(r"\w+", unquoted.lower()):
        if word not in STOPWORDS and word not in words:
            words.append(word)
    if not words and not phrases:  # "how do I" alone: keep the words rather than nothing
        words = list(dict.fromkeys(re.findall(r"\w+", unquoted.lower())))
    return Query(text, tuple(words[:12]), tuple(phrases[:4]), truncated)


# --- Finding and ranking ----------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    place: str
    page_type: str
    snippet: SafeString
    score: float = 0.0


@dataclass
class Results:
    query: Query
    results: list[Result] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self):
        return iter(self.results)


def search(query: Query, limit: int = MAX_RESULTS) -> Results:
    """Published sections and answers matching every word (or, failing that, any word)."""
    if query.is_empty:
        return Results(query)
    engine = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    found = engine(query, match_all=True, limit=limit)
    if not found and len(query.words) + len(query.phrases) > 1:
        found = engine(query, match_all=False, limit=limit)
    return Results(query, found)


def _boost(page_type: str, score: float) -> float:
    return score * SECTION_BOOST if page_type == "section" else score


def _highlight(snippet: str) -> SafeString:
    """Escape everything, then turn the engine's markers into <mark> elements."""
    safe = escape(snippet).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return mark_safe(safe)


def _search_postgresql(query: Query, *, match_all: bool, limit: int) -> list[Result]:
    if match_all:
        text = query.text  # websearch syntax: words, "quoted phrases", or, -exclusions
    else:
        text = " or ".join([*query.words, *('"' + " ".join(p) + '"' for p in query.phrases)])
    search_query = SearchQuery(text, config="english", search_type="websearch")
    rows = (
        SearchEntry.objects.filter(published_filter(), search_vector=search_query)
        .annotate(
            rank=Cast(SearchRank(F("search_vector"), search_query), FloatField()),
            snippet=SearchHeadline(
                "body",
                search_query,
                config="english",
                start_sel=_MARK_START,
                stop_sel=_MARK_END,
                max_words=35,
                min_words=15,
                max_fragments=1,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "title")[: limit * 2]
    )
    return _ranked(
        Result(row.title, row.url, row.place, row.page_type, _highlight(row.snippet), row.rank)
        for row in rows
    )[:limit]


def _fts_expression(query: Query, *, match_all: bool) -> str:
    """An FTS5 MATCH expression built only from \\w words, each quoted as a string."""
    pieces = [f'"{word}"' for word in query.words]
    pieces += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    return (" AND " if match_all else " OR ").join(pieces)


def _search_sqlite(query: Query, *, match_all: bool, limit: int) -> list[Result]:
    """FTS5 finds and scores the matches; which of them visitors may see is decided by
    the same ``published_filter()`` as everywhere else."""
    expression = _fts_expression(query, match_all=match_all)
    sql = f"""
        SELECT rowid, snippet({FTS_TABLE}, 2, %s, %s, ' … ', 30),
               -bm25({FTS_TABLE}, 10.0, 4.0, 1.0)
        FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [_MARK_START, _MARK_END, expression])
        matches = {rowid: (snippet, float(score)) for rowid, snippet, score in cursor.fetchall()}
    visible = SearchEntry.objects.filter(published_filter(), pk__in=list(matches)).only(
        "title", "url", "place", "page_type"
    )
    return _ranked(
        Result(
            entry.title,
            entry.url,
            entry.place,
            entry.page_type,
            _highlight(matches[entry.pk][0] or ""),
            matches[entry.pk][1],
        )
        for entry in visible
    )[:limit]


def _ranked(results) -> list[Result]:
    return sorted(results, key=lambda r: (-_boost(r.page_type, r.score), r.title))


def _all_pages():
    for model in searchable_models():
        yield from model._default_manager.all()


def ensure_complete() -> int:
    """Index any page the index lacks (say, after the index was added to an existing
    database); return how many were added."""
    added = 0
    for page in _all_pages():
        if not SearchEntry.objects.filter(
            page_type=page._meta.model_name, object_id=page.pk
        ).exists():
            index(page)
            added += 1
    return added


def rebuild() -> int:
    """Drop the whole index and write it again from the content; return the entry count."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        count = 0
        for page in _all_pages():
            index(page)
            count += 1
    return count
