"""Search that forgives how readers type: the synonyms editors keep (seeded with the words
readers were seen to type and find nothing for), and, on PostgreSQL, the pg_trgm extension
that suggests the nearest indexed word for a misspelt one. On SQLite the same suggestion
is worked out in Python (exosite.search)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# What readers type -> what the site says. From the searches that found nothing in the
# UX review (pregnancy, downtime, recovery, urgent, sideeffects, seoul) and everyday words
# for the site's own ("price" for cost, "doctor" for provider).
SEEDS = {
    "pregnancy": "pregnant",
    "nursing": "breastfeeding",
    "downtime": "aftercare",
    "recovery": "aftercare",
    "healing": "aftercare",
    "urgent": "emergency",
    "price": "cost",
    "pricing": "cost",
    "fee": "cost",
    "expensive": "cost",
    "cheap": "cost",
    "afford": "cost",
    "doctor": "provider",
    "sideeffects": "side effects",
    "risk": "side effects, safe",
    "dangerous": "safe, side effects",
    "legal": "approved, regulated",
    "seoul": "korea",
    "korean": "korea",
    "alopecia": "hair loss",
    "balding": "hair loss",
    "pain": "hurt",
    "painful": "hurt",
    "pimples": "acne",
    "retinol": "retinoid",
}


def seed(apps, schema_editor):
    synonym = apps.get_model("exosite", "SearchSynonym")
    for typed, means in SEEDS.items():
        synonym.objects.get_or_create(typed=typed, defaults={"means": means})


def grant(apps, schema_editor):
    """Editors keep the list: they may view, add, change and delete synonyms."""
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="exosite", model="searchsynonym"
    )
    permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    for action in ("view", "add", "change", "delete"):
        perm, _ = permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_searchsynonym",
            defaults={"name": f"Can {action} search synonym"},
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("exosite", "0008_withdrawals_and_sign_in_attempts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "typed",
                    models.CharField(
                        help_text="One word, the way readers type it, e.g. downtime.",
                        max_length=40,
                        unique=True,
                        verbose_name="when someone searches for",
                    ),
                ),
                (
                    "means",
                    models.CharField(
                        help_text="The word the site uses, e.g. aftercare. Several words in a row are looked for as a phrase (side effects); separate alternatives with commas (aftercare, healing).",
                        max_length=200,
                        verbose_name="also look for",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "search synonym", "ordering": ["typed"]},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
