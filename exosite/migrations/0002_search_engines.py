"""The engine-specific half of the search index: a GIN index on PostgreSQL, an FTS5 table
(with the Porter stemmer) on SQLite. Each runs only on its own database."""

from django.db import migrations

FTS_TABLE = "exosite_search_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS exosite_searchentry_vector_gin "
            "ON exosite_searchentry USING GIN (search_vector)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS exosite_searchentry_vector_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("exosite", "0001_search_index")]

    operations = [migrations.RunPython(create, drop)]
