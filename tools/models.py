"""The figures the cost estimator works with, each with where it comes from and when an
editor last checked it. Editors keep them in the admin; the estimator never uses a number
that is not here, and says plainly when it has none ("ask the clinic")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class Country(models.TextChoices):
    US = "us", "United States"
    KR = "kr", "South Korea"


# The currency prices are given in, by country.
CURRENCIES = {Country.US: "USD", Country.KR: "KRW"}


class Currency(models.TextChoices):
    USD = "USD", "US dollars ($)"
    KRW = "KRW", "South Korean won (₩)"


SYMBOLS = {Currency.USD: "$", Currency.KRW: "₩"}


def money(value: int, currency: str) -> str:
    """$1,500 or ₩900,000."""
    return f"{SYMBOLS[currency]}{value:,}"


class Goal(models.TextChoices):
    ACNE_SCARS = "acne-scars", "Acne scars"
    SKIN_AGEING = "skin-ageing", "Signs of skin ageing"
    HAIR = "hair", "Thinning hair"


class Sourced(models.Model):
    """Where a figure comes from, as the page that shows it cites it."""

    source_title = models.CharField(max_length=300, help_text="The source's title, as it gives it.")
    source_publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it (a journal, an agency, ...)."
    )
    source_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Its address (for a study, https://doi.org/ and its DOI). Leave empty only "
        "for a source readers cannot open, and say so in the publisher box.",
    )
    source_date = models.CharField(
        max_length=50,
        blank=True,
        help_text="Its date as it gives it, e.g. 5 February 2024; empty if it has none.",
    )
    checked_on = models.DateField(
        help_text="When an editor last checked that the source still says this. Shown to "
        "readers as “last checked”."
    )

    class Meta:
        abstract = True


class PriceFigure(Sourced):
    """A price range a source reports for one thing in one country."""

    class Item(models.TextChoices):
        SESSION = "session", "One exosome session"
        MICRONEEDLING = "microneedling", "Microneedling, when the clinic prices it on its own"
        LASER = "laser", "Laser treatment, when the clinic prices it on its own"
        CONSULTATION = "consultation", "A first consultation"
        AFTERCARE_PRODUCTS = "aftercare-products", "Skin care products for aftercare"

    # Paid at every session; the others once per course.
    PER_SESSION = {Item.SESSION, Item.MICRONEEDLING, Item.LASER}

    item = models.CharField(max_length=30, choices=Item.choices)
    country = models.CharField(max_length=2, choices=Country.choices)
    currency = models.CharField(
        max_length=3, choices=Currency.choices, help_text="The currency the source gives."
    )
    low = models.PositiveIntegerField(
        help_text="The lowest price the source gives, in whole units."
    )
    high = models.PositiveIntegerField(
        help_text="The highest price the source gives (the same as the lowest for one price)."
    )
    or_more = models.BooleanField(
        "or more",
        default=False,
        help_text="Tick when the source says prices can be higher than its range.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "item"]
        constraints = [
            models.UniqueConstraint(fields=["item", "country"], name="one_price_per_item_country"),
            models.CheckConstraint(
                condition=models.Q(low__lte=models.F("high")), name="price_low_at_most_high"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}, {self.get_country_display()}"

    @property
    def per_session(self) -> bool:
        return self.item in self.PER_SESSION

    @property
    def range_text(self) -> str:
        """As readers see it: "$500 to $2,000 or more"."""
        text = money(self.low, self.currency)
        if self.high != self.low:
            text += f" to {money(self.high, self.currency)}"
        return f"{text} or more" if self.or_more else text

    def clean(self) -> None:
        errors = {}
        if self.low is not None and self.high is not None and self.low > self.high:
            errors["high"] = "The highest price must be at least the lowest price."
        if self.country and self.currency and CURRENCIES.get(self.country) != self.currency:
            expected = Currency(CURRENCIES[self.country]).label
            errors["currency"] = (
                f"Prices for {Country(self.country).label} are shown in {expected}. Give the "
                "source's figure in that currency (the estimator converts won to dollars itself)."
            )
        if errors:
            raise ValidationError(errors)


class ExchangeRate(Sourced):
    """How many units of a currency one US dollar bought on a day: the estimator's rough
    dollar guide for prices given in won."""

    currency = models.CharField(max_length=3, choices=Currency.choices, unique=True)
    per_dollar = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        help_text="Units of this currency for one US dollar, e.g. 1331.78.",
    )
    on = models.DateField("rate on", help_text="The day the rate is for.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(per_dollar__gt=0), name="exchange_rate_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.per_dollar_text} {self.currency} to the dollar on {self.on:%d %B %Y}"

    @property
    def per_dollar_text(self) -> str:
        return f"{self.per_dollar:,.2f}"

    def clean(self) -> None:
        if self.currency == Currency.USD:
            raise ValidationError({"currency": "Give the rate of another currency to the dollar."})


class StudiedCourse(Sourced):
    """How many sessions a study in people gave for a goal. Shown as what a study did,
    never as advice; the estimator starts from these numbers until the reader types theirs."""

    goal = models.CharField(max_length=20, choices=Goal.choices)
    sessions = models.PositiveSmallIntegerField(help_text="How many sessions the study gave.")
    method = models.CharField(
        max_length=200,
        help_text="How the exosomes were given, in plain words, e.g. “as a gel after a "
        "laser treatment of the whole face”.",
    )
    spacing = models.CharField(
        max_length=100, blank=True, help_text="How far apart the sessions were, e.g. 3 weeks."
    )
    people = models.PositiveIntegerField(help_text="How many people took part.")
    length = models.CharField(
        max_length=100, help_text="How long the study followed them, e.g. 12 weeks."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal", "sessions"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions__gte=1), name="studied_course_has_sessions"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_goal_display()}: {self.sessions} sessions ({self.source_title[:60]})"


class FollowUpInterval(Sourced):
    """How often clinics are reported to suggest follow-up sessions after a course. The
    estimator uses the most recently checked row."""

    shortest_months = models.PositiveSmallIntegerField()
    longest_months = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shortest_months__gte=1)
                & models.Q(shortest_months__lte=models.F("longest_months")),
                name="follow_up_interval_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Every {self.shortest_months} to {self.longest_months} months"

    def clean(self) -> None:
        if (
            self.shortest_months is not None
            and self.longest_months is not None
            and not 1 <= self.shortest_months <= self.longest_months
        ):
            raise ValidationError(
                {
                    "longest_months": "The longest gap must be at least the shortest (and both at "
                    "least one month)."
                }
            )


class QuickFact(Sourced):
    """A short, dated fact for the home page's "Quick facts" panel, with its source.
    Prices come from the price figures instead, so they are kept in one place."""

    label = models.CharField(max_length=40, help_text="A word or two, e.g. Approval.")
    text = models.CharField(
        max_length=250, help_text="One or two plain sentences, exactly as the source supports."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="1 comes first.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"
