"""manage.py rendercontent: after a release that changes how Markdown becomes HTML, every
page is rendered again, and nothing else about it changes."""

from django.core.management import call_command

from articles.models import Section
from exosite.markdown.pages import markdown_page_models
from exosite.models import ContentVersion


def test_every_page_is_rendered_again_without_a_revision_or_a_new_date(
    client, make_section, capsys
):
    section = make_section(body="## Part\n\nFresh words about narwhals.\n")
    Section.objects.filter(pk=section.pk).update(body_html="<p>Rendered by an old release.</p>")
    revisions = section.history.count()
    version = ContentVersion.objects.get(pk=1).number

    call_command("rendercontent")

    section.refresh_from_db()
    assert "Fresh words about narwhals." in section.body_html
    assert "old release" not in section.body_html
    assert section.history.count() == revisions
    assert str(section.updated) == "2026-11-01"
    assert ContentVersion.objects.get(pk=1).number > version  # cached copies are out of date
    assert "narwhals" in client.get(section.get_absolute_url()).content.decode()
    pages = sum(model._base_manager.count() for model in markdown_page_models())
    assert capsys.readouterr().out == f"Rendered {pages} pages again.\n"
