"""The home page's first quick facts, each from a source the guide cites, checked on
30 November 2026; editors may view, add and change them."""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 11, 30)

FACTS = [
    {
        "order": 1,
        "label": "Approval",
        "text": "No exosome product is approved by the FDA, the US agency that checks medicines.",
        "source_title": "Consumer Alert on Regenerative Medicine Products Including Stem Cells "
        "and Exosomes",
        "source_publisher": "U.S. Food and Drug Administration",
        "source_url": "https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/"
        "consumer-alert-regenerative-medicine-products-including-stem-cells-and-exosomes",
        "source_date": "22 July 2020",
    },
    {
        "order": 2,
        "label": "Still sold",
        "text": "In 2025 the FDA warned a company that its exosome products, an exosome gel "
        "among them, were unapproved drugs.",
        "source_title": "Warning letter CBER 25-700749 to Supreme Rejuvenation, LLC",
        "source_publisher": "U.S. Food and Drug Administration (read as a full copy "
        "reproduced by EIN Presswire)",
        "source_url": "https://breastcancer.einnews.com/pr_news/814411968/"
        "supreme-rejuvenation-llc-700749-05-05-2025",
        "source_date": "5 May 2025",
    },
    {
        "order": 3,
        "label": "Evidence",
        "text": "Only a few small, short studies have tested it in people. No one knows how "
        "long results last.",
        "source_title": "Exosomes for Treating Hair Loss: A Review of Clinical Studies",
        "source_publisher": "Dermatologic Surgery 2025;51(4):409-415",
        "source_url": "https://doi.org/10.1097/DSS.0000000000004480",
        "source_date": "2025",
    },
    {
        "order": 4,
        "label": "Side effects",
        "text": "Redness, swelling, mild bruising, tenderness and itching are common. They "
        "often fade within hours or a couple of days.",
        "source_title": "Background article on exosome therapy in regenerative dermatology",
        "source_publisher": "A clinic's patient article provided to the exosite editors "
        "(not peer-reviewed, no date, not online)",
        "source_url": "",
        "source_date": "",
    },
]


def seed(apps, schema_editor):
    quick_fact = apps.get_model("tools", "QuickFact")
    for fact in FACTS:
        quick_fact.objects.get_or_create(
            label=fact["label"], defaults={**fact, "checked_on": CHECKED}
        )


def grant(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="tools", model="quickfact"
    )
    permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    for action in ("view", "add", "change"):
        perm, _ = permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_quickfact",
            defaults={"name": f"Can {action} quick fact"},
        )
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("tools", "0003_quick_facts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
