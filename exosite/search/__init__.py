"""Site search over guide sections and FAQ answers, on PostgreSQL and on SQLite.

One code path, two engines behind it:

* PostgreSQL: a weighted ``tsvector`` column (title A, summary B, body C) with a GIN
  index, ``ts_rank`` and ``ts_headline``; ``pg_trgm`` suggests the nearest indexed word
  for a misspelt one.
* SQLite: an FTS5 table with the Porter stemmer, ``bm25`` ranking with the same
  weighting, and ``snippet``; the nearest word is found by edit distance in Python over
  the words of the visible pages (a few thousand: the corpus is small).

Both get the visitor's words through ``parse_query`` first, which removes control
characters, caps the length and keeps only words and quoted phrases, so no query can
reach the database as syntax. Search then forgives the way people type:

1. each word also matches the words editors list for it (``SearchSynonym``: "downtime"
   finds "aftercare"), and, from four letters on, longer words it begins ("dark" finds
   "darker");
2. when no page has every word, a word that no page has is replaced by the nearest word
   that some page has ("exsome" becomes "exosome"), and the results say so;
3. failing that, pages with some of the words are shown.

Results whose title is the query, or names every word of it, come first; then the
engine's score, with a guide section a little above an FAQ answer that matches equally,
because the section explains more. The index is written by ``index(page)`` whenever a
searchable page is saved (see ``exosite.search.documents``); visitors find only what
``published_filter()`` lets them see, the same rule as every page, so a scheduled page
is found from its publish time on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
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
from exosite.markdown.pages import MarkdownPage, page_rendered_again
from exosite.markdown.readability import CITATION
from exosite.models import SearchEntry, SearchSynonym
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


@receiver(page_rendered_again, dispatch_uid="search-index-rendered-again")
def index_page_rendered_again(sender, instance, **kwargs) -> None:
    """A page rendered again (its sources were saved after it, a glossary term or a
    linked page changed): the index gets the text readers now see."""
    if is_searchable(sender):
        index(instance)


@receiver(post_delete, dispatch_uid="search-index-deleted")
def remove_deleted_page(sender, instance, **kwargs) -> None:
    if is_searchable(sender):
        remove(sender._meta.model_name, instance.pk)


_HEADING_END = re.compile(r'</h[1-6]>|(?<=<p class="callout__title">)[^<]*(?=</p>)')
_BREAK = "\ue002"  # private use: marks where a heading ended, never in content


def searchable_text(body_html: str) -> str:
    """The words a reader sees in the body, without the glossary's tooltip definitions
    and the citations' numbers.
    A heading, or a callout's title, ends with a full stop, so that a snippet reads
    "What affects the price. Six main things", not "What affects the price Six"."""
    words = CITATION.sub("", without_tips(body_html))  # a source's number is not a word
    marked = _HEADING_END.sub(lambda m: m.group(0) + _BREAK, words)
    text = plain_text(marked)
    text = re.sub(rf"(?<=[^.?!:\s])\s*{_BREAK}", ".", text)
    return text.replace(_BREAK, "")


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


# --- What to look for --------------------------------------------------------------------

# Words this long also find longer words they begin: "dark" finds "darker".
PREFIX_FROM = 4
# Misspelt words this long are corrected; shorter ones are too ambiguous ("prp").
CORRECT_FROM = 4


@dataclass(frozen=True)
class Term:
    """One thing the visitor asked for (a word, or a quoted phrase) and every way of
    saying it that counts as a match: what they typed first, then the synonyms."""

    typed: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def synonyms(self) -> tuple[str, ...]:
        return tuple(" ".join(words) for words in self.alternatives[1:])


def terms_for(query: Query) -> list[Term]:
    """The query's words and phrases, each with the synonyms editors keep for it."""
    synonyms = SearchSynonym.objects.alternatives_for(query.words)
    terms = [Term((word,), ((word,), *synonyms.get(word, ()))) for word in query.words]
    terms += [Term(phrase, (phrase,)) for phrase in query.phrases]
    return terms


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
    # When nothing matched what was typed but a spelling correction did: what was searched.
    corrected: Query | None = None
    # Synonyms searched for as well, by the word typed: {"downtime": ("aftercare",)}.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self):
        return iter(self.results)


def search(query: Query, limit: int = MAX_RESULTS) -> Results:
    """Published sections and answers matching every word (or a synonym of it); else the
    same with misspelt words corrected; else pages matching any of the words."""
    if query.is_empty:
        return Results(query)
    terms = terms_for(query)
    searched = Results(query, synonyms={t.typed[0]: t.synonyms for t in terms if t.synonyms})
    searched.results = _find(query, terms, match_all=True, limit=limit)
    if not searched:
        corrected = corrected_query(query, terms)
        if corrected is not None:
            corrected_terms = terms_for(corrected)
            searched.results = _find(corrected, corrected_terms, match_all=True, limit=limit)
            if not searched and len(corrected_terms) > 1:
                searched.results = _find(corrected, corrected_terms, match_all=False, limit=limit)
            if searched:
                searched.corrected = corrected
                return searched
    if not searched and len(terms) > 1:
        searched.results = _find(query, terms, match_all=False, limit=limit)
    return searched


def _find(query: Query, terms: list[Term], *, match_all: bool, limit: int) -> list[Result]:
    engine = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    return _ranked(engine(terms, match_all=match_all), query, terms)[:limit]


def _boost(page_type: str, score: float) -> float:
    return score * SECTION_BOOST if page_type == "section" else score


def _same_word(typed: str, written: str) -> bool:
    """Close enough for a title to count as naming the word: the same, or the same stem
    give or take an ending ("cost"/"costs", "approval"/"approved", "dark"/"darker")."""
    if typed == written:
        return True
    shorter = min(len(typed), len(written))
    common = next(
        (i for i, (a, b) in enumerate(zip(typed, written, strict=False)) if a != b), shorter
    )
    return common >= PREFIX_FROM and common >= shorter - 2


def title_match(title: str, query: Query, terms: list[Term]) -> int:
    """2 if the title is what was typed (bar small words), 1 if the title names every
    word asked for (or a synonym of it), else 0."""
    title_words = [word for word in re.findall(r"\w+", title.lower())]
    meaningful = {word for word in title_words if word not in STOPWORDS}
    if meaningful and meaningful == set(query.words) and not query.phrases:
        return 2

    def named(words: tuple[str, ...]) -> bool:
        return all(any(_same_word(word, written) for written in title_words) for word in words)

    if terms and all(any(named(alternative) for alternative in t.alternatives) for t in terms):
        return 1
    return 0


def _ranked(results, query: Query, terms: list[Term]) -> list[Result]:
    return sorted(
        results,
        key=lambda r: (
            -title_match(r.title, query, terms),
            -_boost(r.page_type, r.score),
            r.title,
        ),
    )


def _highlight(snippet: str) -> SafeString:
    """Escape everything, then turn the engine's markers into <mark> elements."""
    safe = escape(snippet).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return mark_safe(safe)


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgresql_alternative(words: tuple[str, ...]) -> SearchQuery:
    if len(words) > 1:
        return SearchQuery(" ".join(words), config="english", search_type="phrase")
    (word,) = words
    if len(word) >= PREFIX_FROM:
        # Raw tsquery syntax is safe here: a \\w word holds none of its operators.
        return SearchQuery(f"{word}:*", config="english", search_type="raw")
    return SearchQuery(word, config="english", search_type="plain")


def _postgresql_query(terms: list[Term], *, match_all: bool) -> SearchQuery:
    combined = None
    for term in terms:
        either = None
        for alternative in term.alternatives:
            piece = _postgresql_alternative(alternative)
            either = piece if either is None else either | piece
        if combined is None:
            combined = either
        else:
            combined = combined & either if match_all else combined | either
    return combined


def _search_postgresql(terms: list[Term], *, match_all: bool) -> list[Result]:
    search_query = _postgresql_query(terms, match_all=match_all)
    rows = SearchEntry.objects.filter(published_filter(), search_vector=search_query).annotate(
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
    return [
        Result(row.title, row.url, row.place, row.page_type, _highlight(row.snippet), row.rank)
        for row in rows
    ]


def _closest_words_postgresql(word: str) -> list[str]:
    """Indexed words of visible pages that look like ``word``, best first: pg_trgm's
    trigram similarity finds them, then the number of pages with the word breaks ties.
    Only those within the edit distance of ``close_enough`` are kept, as on SQLite."""
    visible, params = (
        SearchEntry.objects.filter(published_filter())
        .values("title", "summary", "body")
        .query.sql_with_params()
    )
    sql = f"""
        SELECT word, similarity(word, %s) AS score, count(*) AS pages
        FROM (
            SELECT unnest(tsvector_to_array(to_tsvector(
                'simple', visible.title || ' ' || visible.summary || ' ' || visible.body
            ))) AS word
            FROM ({visible}) AS visible
        ) AS vocabulary
        WHERE word %% %s AND word <> %s AND left(word, 1) = left(%s, 1)
        GROUP BY word
        ORDER BY score DESC, pages DESC, word
        LIMIT 10
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [word, *params, word, word, word])
        return [row[0] for row in cursor.fetchall() if close_enough(word, row[0])]


# --- SQLite --------------------------------------------------------------------------------


def _fts_alternative(words: tuple[str, ...]) -> str:
    """FTS5 syntax built only from \\w words, each quoted as a string."""
    if len(words) == 1 and len(words[0]) >= PREFIX_FROM:
        return f'"{words[0]}"*'
    return '"' + " ".join(words) + '"'


def _fts_expression(terms: list[Term], *, match_all: bool) -> str:
    groups = [
        "(" + " OR ".join(_fts_alternative(alternative) for alternative in t.alternatives) + ")"
        for t in terms
    ]
    return (" AND " if match_all else " OR ").join(groups)


def _search_sqlite(terms: list[Term], *, match_all: bool) -> list[Result]:
    """FTS5 finds and scores the matches; which of them visitors may see is decided by
    the same ``published_filter()`` as everywhere else."""
    sql = f"""
        SELECT rowid, snippet({FTS_TABLE}, 2, %s, %s, ' … ', 30),
               -bm25({FTS_TABLE}, 10.0, 4.0, 1.0)
        FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [_MARK_START, _MARK_END, _fts_expression(terms, match_all=match_all)])
        matches = {rowid: (snippet, float(score)) for rowid, snippet, score in cursor.fetchall()}
    visible = SearchEntry.objects.filter(published_filter(), pk__in=list(matches)).only(
        "title", "url", "place", "page_type"
    )
    return [
        Result(
            entry.title,
            entry.url,
            entry.place,
            entry.page_type,
            _highlight(matches[entry.pk][0] or ""),
            matches[entry.pk][1],
        )
        for entry in visible
    ]


def edit_distance(first: str, second: str, limit: int) -> int:
    """Letters to insert, delete, change or swap to turn one word into the other (the
    optimal string alignment distance); ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_row: list[int] = []
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            row[j] = min(
                previous_row[j] + 1,
                row[j - 1] + 1,
                previous_row[j - 1] + (a != b),
            )
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def allowed_edits(word: str) -> int:
    """One slip in a word, two in a long one: "course" two edits from "cause" is another
    word, "isotretinion" two from "isotretinoin" is not."""
    return 1 if len(word) < 8 else 2


def close_enough(typed: str, candidate: str) -> bool:
    """Could ``candidate`` be what was meant? Within ``allowed_edits``, and starting with
    the same letter: people seldom get the first one wrong, and "course" is not a
    misspelt "source"."""
    return (
        candidate[:1] == typed[:1]
        and len(candidate) >= 3
        and edit_distance(typed, candidate, allowed_edits(typed)) <= allowed_edits(typed)
    )


def _closest_words_python(word: str) -> list[str]:
    """Words of visible pages close enough to ``word``, best first: fewest edits, then
    the most pages with the word."""
    pages: Counter[str] = Counter()
    for title, summary, body in SearchEntry.objects.filter(published_filter()).values_list(
        "title", "summary", "body"
    ):
        pages.update(set(re.findall(r"\w+", f"{title} {summary} {body}".lower())))
    scored = [
        (edit_distance(word, candidate, allowed_edits(word)), -count, candidate)
        for candidate, count in pages.items()
        if candidate != word and close_enough(word, candidate)
    ]
    return [candidate for _, _, candidate in sorted(scored)[:5]]


# --- Corrections -------------------------------------------------------------------------


def _has_matches(word: str) -> bool:
    term = [Term((word,), ((word,),))]
    if connection.vendor == "postgresql":
        query = _postgresql_query(term, match_all=True)
        return SearchEntry.objects.filter(published_filter(), search_vector=query).exists()
    return bool(_search_sqlite(term, match_all=True))


def corrected_query(query: Query, terms: list[Term]) -> Query | None:
    """The query with each word that no visible page has (and no synonym rescues)
    replaced by the nearest word that some page has; None if nothing could be corrected."""
    with_synonyms = {t.typed[0] for t in terms if t.synonyms}
    closest = (
        _closest_words_postgresql if connection.vendor == "postgresql" else _closest_words_python
    )
    replacements = {}
    for word in query.words:
        if len(word) < CORRECT_FROM or word in with_synonyms or _has_matches(word):
            continue
        candidates = closest(word)
        if candidates:
            replacements[word] = candidates[0]
    if not replacements:
        return None
    words = tuple(dict.fromkeys(replacements.get(word, word) for word in query.words))
    text = " ".join(
        replacements.get(piece.lower(), piece) for piece in re.findall(r'\w+|"[^"]*"', query.text)
    )
    return Query(text, words, query.phrases, query.truncated)


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
