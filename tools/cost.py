"""The full-course cost estimator's arithmetic: only the figures editors keep (tools.models),
every step written out, and a plain "not included: ask the clinic" where no source gives
a figure. Nothing here guesses a price."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tools.models import (
    CURRENCIES,
    Country,
    ExchangeRate,
    FollowUpInterval,
    Goal,
    PriceFigure,
    StudiedCourse,
    money,
)

Item = PriceFigure.Item

# How each figure is named in the written-out sums.
STEP_LABELS = {
    Item.SESSION: "Exosome sessions",
    Item.MICRONEEDLING: "Microneedling fees",
    Item.LASER: "Laser fees",
    Item.CONSULTATION: "First consultation",
    Item.AFTERCARE_PRODUCTS: "Aftercare products",
}


class Delivery:
    """How the exosomes go in, and the procedure a clinic may charge for on its own."""

    MICRONEEDLING = "microneedling"
    LASER = "laser"
    INJECTION = "injection"
    CHOICES = [
        (MICRONEEDLING, "Put on the skin after microneedling"),
        (LASER, "Put on the skin after a laser treatment"),
        (INJECTION, "Injected into the skin (micro-injection)"),
    ]
    PROCEDURE = {MICRONEEDLING: Item.MICRONEEDLING, LASER: Item.LASER}


class Extra:
    """What a reader may add to the sums; each is priced only where a source prices it."""

    PROCEDURE = "procedure"
    CONSULTATION = "consultation"
    PRODUCTS = "products"
    TRAVEL = "travel"
    CHOICES = [
        (PROCEDURE, "The microneedling or laser, if the clinic charges for it on its own"),
        (CONSULTATION, "A first consultation, if the clinic charges for it"),
        (PRODUCTS, "Skin care products for aftercare"),
        (TRAVEL, "Travel, if the clinic is far away"),
    ]
    ITEMS = {CONSULTATION: Item.CONSULTATION, PRODUCTS: Item.AFTERCARE_PRODUCTS}
    # Asked about even when not ticked: no source prices them for anyone.
    ALWAYS_ASK = ["time off work while your skin settles"]


@dataclass(frozen=True)
class Amount:
    """A low-high range of money in one currency; ``or_more`` when a source says prices
    can be higher than its top figure."""

    low: int
    high: int
    currency: str
    or_more: bool = False

    def times(self, low_count: int, high_count: int) -> Amount:
        return Amount(self.low * low_count, self.high * high_count, self.currency, self.or_more)

    def __add__(self, other: Amount) -> Amount:
        assert other.currency == self.currency
        return Amount(
            self.low + other.low,
            self.high + other.high,
            self.currency,
            self.or_more or other.or_more,
        )

    def __str__(self) -> str:
        if self.low == self.high:
            text = money(self.low, self.currency)
        else:
            text = f"{money(self.low, self.currency)} to {money(self.high, self.currency)}"
        return f"{text} or more" if self.or_more and self.high else text

    def in_dollars(self, rate: ExchangeRate) -> Amount:
        """Roughly, to the nearest 5 dollars: the rate is a guide, not today's."""

        def convert(value: int) -> int:
            dollars = Decimal(value) / rate.per_dollar / 5
            return int(dollars.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5

        return Amount(convert(self.low), convert(self.high), "USD", self.or_more)


@dataclass(frozen=True)
class Step:
    """One line of the arithmetic: "3 sessions times $500 to $2,000 = $1,500 to $6,000"."""

    label: str
    count: str  # "3 sessions"; empty for what is paid once
    each: Amount
    total: Amount


@dataclass
class Estimate:
    country: str
    goal: str
    delivery: str
    currency: str
    session_price: PriceFigure | None
    # The sessions counted: what the reader typed, else the studies' numbers (low, high).
    sessions: tuple[int, int] | None
    sessions_from_studies: bool
    studies: list[StudiedCourse]
    course_steps: list[Step] = field(default_factory=list)
    course: Amount | None = None
    interval: FollowUpInterval | None = None
    follow_ups: bool = True
    first_year_follow_ups: tuple[int, int] = (0, 0)
    later_year_follow_ups: tuple[int, int] = (0, 0)
    follow_up_each: Amount | None = None
    first_year: Amount | None = None
    later_year: Amount | None = None
    not_included: list[str] = field(default_factory=list)
    figures: list[PriceFigure] = field(default_factory=list)
    rate: ExchangeRate | None = None

    @property
    def country_label(self) -> str:
        return Country(self.country).label

    @property
    def description(self) -> str:
        """What was worked out, in a sentence: "3 sessions (what the study gave), in the
        United States, for acne scars, put on the skin after microneedling."."""
        place = "the United States" if self.country == Country.US else self.country_label
        parts = []
        if self.sessions:
            low, high = self.sessions
            counted = count_text(low, high, "session")
            if self.sessions_from_studies:
                studies = "studies" if len(self.studies) > 1 else "study"
                counted += f" (what the {studies} gave)"
            parts.append(counted)
        parts += [f"in {place}", f"for {self.goal_label.lower()}", self.delivery_label.lower()]
        sentence = ", ".join(parts) + "."
        return sentence[0].upper() + sentence[1:]

    @property
    def goal_label(self) -> str:
        return Goal(self.goal).label

    @property
    def delivery_label(self) -> str:
        return dict(Delivery.CHOICES)[self.delivery]

    @property
    def session_price_amount(self) -> Amount | None:
        return _amount(self.session_price) if self.session_price else None

    @property
    def session_price_in_dollars(self) -> Amount | None:
        return self.dollars(self.session_price_amount)

    @property
    def first_year_follow_ups_text(self) -> str:
        return count_text(*self.first_year_follow_ups, "more session")

    @property
    def later_year_follow_ups_text(self) -> str:
        return count_text(*self.later_year_follow_ups, "session")

    def dollars(self, amount: Amount | None) -> Amount | None:
        """The rough dollar guide for an amount in another currency (None for dollars)."""
        if amount is None or self.rate is None or amount.currency == "USD":
            return None
        return amount.in_dollars(self.rate)

    @property
    def course_in_dollars(self) -> Amount | None:
        return self.dollars(self.course)

    @property
    def first_year_in_dollars(self) -> Amount | None:
        return self.dollars(self.first_year)

    @property
    def later_year_in_dollars(self) -> Amount | None:
        return self.dollars(self.later_year)

    @property
    def summary(self) -> str:
        """One sentence with the result, for screen readers when it changes live."""
        if self.course is None:
            return "Enter a number of sessions to see a full-course range."
        text = f"Full course: {self.course}."
        if self.first_year is not None:
            text += f" First year: {self.first_year}."
        return text


def count_text(low: int, high: int, word: str) -> str:
    number = str(low) if low == high else f"{low} to {high}"
    plural = "" if high == 1 else "s"
    return f"{number} {word}{plural}"


def follow_ups_per_year(interval: FollowUpInterval) -> tuple[tuple[int, int], tuple[int, int]]:
    """Follow-up sessions in the first year (after the course) and in each later year,
    as (fewest, most), for one session every ``shortest`` to ``longest`` months. The
    first comes one gap after the course, so the first year has one slot fewer."""
    later = (12 // interval.longest_months, 12 // interval.shortest_months)
    first = (
        max(0, math.ceil(12 / interval.longest_months) - 1),
        max(0, math.ceil(12 / interval.shortest_months) - 1),
    )
    return first, later


def estimate(
    country: str,
    goal: str,
    delivery: str,
    sessions: int | None,
    extras: list[str],
    follow_ups: bool,
) -> Estimate:
    """Work out the ranges from the figures in the database (four small queries)."""
    currency = CURRENCIES[Country(country)]
    figures = {figure.item: figure for figure in PriceFigure.objects.filter(country=country)}
    studies = list(StudiedCourse.objects.filter(goal=Goal(goal)))
    session_price = figures.get(Item.SESSION)
    if sessions:
        counted, from_studies = (sessions, sessions), False
    elif studies:
        counts = [study.sessions for study in studies]
        counted, from_studies = (min(counts), max(counts)), True
    else:
        counted, from_studies = None, False

    result = Estimate(
        country=country,
        goal=goal,
        delivery=delivery,
        currency=currency,
        session_price=session_price,
        sessions=counted,
        sessions_from_studies=from_studies,
        studies=studies,
        follow_ups=follow_ups,
        rate=ExchangeRate.objects.filter(currency=currency).first() if currency != "USD" else None,
        interval=FollowUpInterval.objects.first(),
    )

    # What is paid at every session, and what once.
    per_session: list[PriceFigure] = []
    once: list[PriceFigure] = []
    if session_price is not None:
        per_session.append(session_price)
    else:
        result.not_included.append(
            f"the exosome sessions themselves: we have no price for {result.country_label}"
        )
    for extra in extras:
        if extra == Extra.TRAVEL:
            result.not_included.append("travel")
            continue
        item = Delivery.PROCEDURE.get(delivery) if extra == Extra.PROCEDURE else Extra.ITEMS[extra]
        if item is None:
            continue  # a micro-injection has no separate procedure to pay for
        figure = figures.get(item)
        if figure is None:
            result.not_included.append(Item(item).label.lower())
        elif figure.per_session:
            per_session.append(figure)
        else:
            once.append(figure)
    result.not_included += Extra.ALWAYS_ASK
    result.figures = [*per_session, *once]

    if counted is None or not per_session:
        return result

    low, high = counted
    for figure in per_session:
        each = _amount(figure)
        result.course_steps.append(
            Step(
                STEP_LABELS[figure.item],
                count_text(low, high, "session"),
                each,
                each.times(low, high),
            )
        )
    for figure in once:
        each = _amount(figure)
        result.course_steps.append(Step(STEP_LABELS[figure.item], "", each, each))
    result.course = _total(step.total for step in result.course_steps)

    if follow_ups and result.interval is not None:
        result.follow_up_each = _total(_amount(figure) for figure in per_session)
        first, later = follow_ups_per_year(result.interval)
        result.first_year_follow_ups, result.later_year_follow_ups = first, later
        result.first_year = result.course + result.follow_up_each.times(*first)
        result.later_year = result.follow_up_each.times(*later)
    return result


def _amount(figure: PriceFigure) -> Amount:
    return Amount(figure.low, figure.high, figure.currency, figure.or_more)


def _total(amounts) -> Amount:
    amounts = list(amounts)
    total = amounts[0]
    for amount in amounts[1:]:
        total = total + amount
    return total
