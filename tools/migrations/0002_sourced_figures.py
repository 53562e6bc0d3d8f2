"""The estimator's first figures, each from a source the guide already cites, checked on
30 November 2026; and the Editors group's right to keep them. No figure without a source:
where none was found (a procedure's own fee, a consultation, hair-loss session counts),
there is no row, and the estimator says "ask the clinic"."""

import datetime
from decimal import Decimal

from django.db import migrations

CHECKED = datetime.date(2026, 11, 30)

BACKGROUND = {
    "source_title": "Background article on exosome therapy in regenerative dermatology",
    "source_publisher": "A clinic's patient article provided to the exosite editors "
    "(not peer-reviewed, no date, not online)",
    "source_url": "",
    "source_date": "",
    "checked_on": CHECKED,
}

PRICES = [
    # "a single session in the US might range from around $500 to $2,000 USD or potentially more"
    {
        "item": "session",
        "country": "us",
        "currency": "USD",
        "low": 500,
        "high": 2000,
        "or_more": True,
    },
    # "In Korea, prices can roughly range from ₩300,000 to ₩1,000,000+ per session"
    {
        "item": "session",
        "country": "kr",
        "currency": "KRW",
        "low": 300_000,
        "high": 1_000_000,
        "or_more": True,
    },
]

WON_TO_DOLLAR = {
    "currency": "KRW",
    "per_dollar": Decimal("1331.78"),
    "on": datetime.date(2024, 2, 1),
    "source_title": "Foreign Exchange Rates - H.10 Weekly (release of 5 February 2024)",
    "source_publisher": "Board of Governors of the Federal Reserve System",
    "source_url": "https://www.federalreserve.gov/releases/h10/20240205",
    "source_date": "5 February 2024",
    "checked_on": CHECKED,
}

STUDIES = [
    {
        "goal": "acne-scars",
        "sessions": 3,
        "method": "a fractional CO2 laser on the whole face, then an exosome gel on one side",
        "spacing": "",
        "people": 25,
        "length": "12 weeks",
        "source_title": "Combination Treatment with Human Adipose Tissue Stem Cell-derived "
        "Exosomes and Fractional CO2 Laser for Acne Scars: A 12-week Prospective, "
        "Double-blind, Randomized, Split-face Study",
        "source_publisher": "Acta Dermato-Venereologica 2020;100:adv00310 (Kwon HH et al.)",
        "source_url": "https://doi.org/10.2340/00015555-3666",
        "source_date": "2020",
        "checked_on": CHECKED,
    },
    {
        "goal": "skin-ageing",
        "sessions": 3,
        "method": "microneedling with an exosome solution on one side of the face, salt water "
        "on the other",
        "spacing": "3 weeks",
        "people": 28,
        "length": "12 weeks",
        "source_title": "Efficacy of combined treatment with human adipose tissue stem "
        "cell-derived exosome-containing solution and microneedling for facial skin aging: "
        "A 12-week prospective, randomized, split-face study",
        "source_publisher": "Journal of Cosmetic Dermatology (abstract read; DOI not yet found)",
        "source_url": "",
        "source_date": "2023",
        "checked_on": CHECKED,
    },
]

# "Follow-up sessions (typically every 6-12 months) may be recommended to maintain your results."
FOLLOW_UP = {"shortest_months": 6, "longest_months": 12, **BACKGROUND}

MODELS = ["pricefigure", "exchangerate", "studiedcourse", "followupinterval"]


def seed(apps, schema_editor):
    for price in PRICES:
        apps.get_model("tools", "PriceFigure").objects.get_or_create(
            item=price["item"], country=price["country"], defaults={**price, **BACKGROUND}
        )
    apps.get_model("tools", "ExchangeRate").objects.get_or_create(
        currency="KRW", defaults=WON_TO_DOLLAR
    )
    studied = apps.get_model("tools", "StudiedCourse")
    for study in STUDIES:
        studied.objects.get_or_create(
            goal=study["goal"], source_title=study["source_title"], defaults=study
        )
    interval = apps.get_model("tools", "FollowUpInterval")
    if not interval.objects.exists():
        interval.objects.create(**FOLLOW_UP)


def grant(apps, schema_editor):
    """Editors keep the figures: view, add and change (deleting is for administrators)."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    for model_name in MODELS:
        verbose = apps.get_model("tools", model_name)._meta.verbose_name_raw
        content_type, _ = content_type_model.objects.get_or_create(
            app_label="tools", model=model_name
        )
        for action in ("view", "add", "change"):
            permission, _ = permission_model.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("tools", "0001_figures"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
