"""schema.org structured data (JSON-LD) for search engines, built from what a page shows.

Every page carries the site as a ``WebSite`` with a ``SearchAction``, and a
``BreadcrumbList`` where it has breadcrumbs; guide sections are ``MedicalWebPage``s
and the FAQ is an ``FAQPage``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from exosite.editorial.page_urls import page_url

CONTEXT = "https://schema.org"
# The same escapes as Django's json_script, so no text can close the script element.
# (str.replace, not str.translate: translate looks up every character, and is slow.)
_ESCAPES = {">": "\\u003E", "<": "\\u003C", "&": "\\u0026"}


def script_tag(data: dict[str, Any] | list[dict[str, Any]]) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _ESCAPES.items():
        payload = payload.replace(character, escape)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def website(site_url: str, name: str, description: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": name,
        "description": description,
        "url": f"{site_url}/",
        "inLanguage": "en",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{site_url}{page_url('search')}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(site_url: str, crumbs: Iterable[dict[str, str]]) -> dict[str, Any]:
    items = [{"title": "Home", "url": page_url("articles:home")}, *crumbs]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": crumb["title"],
                "item": f"{site_url}{crumb['url']}",
            }
            for number, crumb in enumerate(items, start=1)
        ],
    }


def _author(name: str, site_name: str) -> dict[str, str]:
    """The author as a page names them: the site's editorial team is the organisation that
    publishes it; any other name is a person."""
    if name.lower().startswith(site_name.lower()):
        return {"@type": "Organization", "name": name}
    return {"@type": "Person", "name": name}


def _review(page, site_url: str) -> dict[str, Any]:
    """``reviewedBy`` and ``lastReviewed`` only for a page a medical reviewer signed off and
    that has not changed since: a page never claims a review it did not have."""
    if not page.is_medically_reviewed or page.changed_since_review:
        return {}
    reviewer = page.medical_reviewer
    return {
        "lastReviewed": page.last_reviewed.isoformat(),
        "reviewedBy": {
            "@type": "Person",
            "name": reviewer.name,
            "honorificSuffix": reviewer.credentials,
            "jobTitle": reviewer.role,
            "url": f"{site_url}{reviewer.get_absolute_url()}",
        },
    }


def medical_web_page(section, site_url: str, site_name: str) -> dict[str, Any]:
    """A guide section: what it is about, when and by whom it was reviewed, its sources."""
    return {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": section.title,
        "headline": section.title,
        "description": section.summary,
        "url": f"{site_url}{section.get_absolute_url()}",
        "inLanguage": "en",
        "dateModified": section.updated.isoformat(),
        "author": _author(section.author, site_name),
        **_review(section, site_url),
        "about": {"@type": "MedicalTherapy", "name": "Exosome therapy for the skin"},
        "audience": {"@type": "PeopleAudience", "audienceType": "Patients"},
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": f"{site_url}/"},
        "citation": [
            {
                "@type": "CreativeWork",
                "name": reference.title,
                **(
                    {"publisher": {"@type": "Organization", "name": reference.publisher}}
                    if reference.publisher
                    else {}
                ),
                **({"url": reference.link} if reference.link else {}),
            }
            for reference in section.reference_list
        ],
    }


def defined_term_set(terms: Iterable, site_url: str, url: str) -> dict[str, Any]:
    """The glossary: each term with its plain definition and its own anchor."""
    return {
        "@context": CONTEXT,
        "@type": "DefinedTermSet",
        "name": "Glossary",
        "url": f"{site_url}{url}",
        "hasDefinedTerm": [
            {
                "@type": "DefinedTerm",
                "name": term.term,
                "description": term.definition,
                "url": f"{site_url}{term.get_absolute_url()}",
            }
            for term in terms
        ],
    }


def faq_page(questions: Iterable) -> dict[str, Any]:
    """An FAQPage whose questions and answers are exactly the ones on the page."""
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": question.answer_html},
            }
            for question in questions
        ],
    }
