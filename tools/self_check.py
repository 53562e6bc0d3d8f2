"""The "Is it for me?" self-check: short questions, each answered with a tick, and for each
tick something to raise with a doctor, with its sources and where the guide says more.

Every sentence here rests on a source the guide or the FAQ already cites, or on one the
editors read for this tool (Mayo Clinic's "How you prepare" page); where no source says
anything (past cancer), the text says so rather than guess. It never gives a verdict:
only a doctor who knows the reader's health can.

The answers are health data. They are worked out in the reader's browser when JavaScript
runs; otherwise they come to the server once in a POST body and go straight back as a
page that is never stored (see ``tools.views.is_it_for_me``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.sources import SOURCES, Source


@dataclass(frozen=True)
class Concern:
    """One question, and what to raise with a doctor when the reader ticks it."""

    key: str
    question: str
    raise_title: str
    raise_text: str
    sources: tuple[str, ...]
    # Where the site says more: ("guide", slug) or ("faq", slug).
    read_more: tuple[tuple[str, str], ...] = ()
    hint: str = ""

    @property
    def cited(self) -> list[Source]:
        return [SOURCES[key] for key in self.sources]


HEALTH = [
    Concern(
        key="pregnant",
        question="Are you pregnant or breastfeeding?",
        raise_title="Being pregnant or breastfeeding",
        raise_text="Clinics list this among the reasons to take extra care or to wait. Ask "
        "whether to wait until later.",
        sources=("background",),
        read_more=(("faq", "who-should-not-have-it"), ("guide", "candidates")),
    ),
    Concern(
        key="infection-or-flare",
        question="Do you have an infection, or a flare of acne, rosacea, eczema or another "
        "skin condition, where you would be treated?",
        raise_title="An infection or a flare where you would be treated",
        raise_text="Clinics say to take extra care, or to wait, if you have an infection now. "
        "Our guide explains why this treatment is not for inflamed skin.",
        sources=("background",),
        read_more=(("guide", "candidates"), ("faq", "who-should-not-have-it")),
    ),
    Concern(
        key="cold-sores",
        question="Do you often get cold sores?",
        raise_title="Cold sores",
        raise_text="A laser can wake up the virus that causes cold sores. Before a laser, "
        "doctors may give people who get cold sores around the mouth a medicine against "
        "the virus.",
        sources=("mayo-laser-risks", "mayo-laser-prepare"),
        read_more=(("guide", "safety"),),
    ),
    Concern(
        key="keloids",
        question="Have you had keloids: thick, raised scars that grow past the wound?",
        raise_title="Keloids",
        raise_text="Clinics ask people who tend to get keloids to take extra care. Ask what "
        "the needling or laser could do to your skin.",
        sources=("background",),
        read_more=(("faq", "who-should-not-have-it"), ("guide", "candidates")),
    ),
    Concern(
        key="isotretinoin",
        question="Do you take isotretinoin, a pill for severe acne, or have you taken it in "
        "the last year?",
        raise_title="Isotretinoin",
        raise_text="Advice on how long to wait depends on the method. Some doctors advise "
        "against a laser within a year of taking it. An expert panel found no good reason "
        "to wait before some gentler lasers.",
        sources=("mayo-laser-risks", "asds-2017"),
        read_more=(("faq", "who-should-not-have-it"), ("guide", "aftercare")),
    ),
    Concern(
        key="medicines",
        question="Do you take a blood thinner, or any other medicine?",
        raise_title="Your medicines, blood thinners among them",
        raise_text="Before a laser, doctors ask about the medicines you take or took "
        "recently. Name each one. Mild bruising is a common side effect of the treatment.",
        sources=("mayo-laser-prepare", "background"),
        read_more=(("guide", "safety"),),
    ),
    Concern(
        key="immune",
        question="Do you have an autoimmune disease, or a weak immune system?",
        raise_title="An autoimmune disease or a weak immune system",
        raise_text="Clinics and doctors ask people with some autoimmune diseases, or a weak "
        "immune system, to take extra care before treatments like this.",
        sources=("background", "mayo-laser-risks"),
        read_more=(("faq", "who-should-not-have-it"), ("guide", "safety")),
    ),
    Concern(
        key="allergies",
        question="Have you ever had an allergic reaction to a skin product or a medicine?",
        raise_title="Allergies",
        raise_text="An allergic reaction to the treatment is uncommon, but it can happen. Ask "
        "exactly what is in the product and who makes it. Sudden swelling of the lips, "
        "tongue or throat is an emergency.",
        sources=("background",),
        read_more=(("guide", "safety"), ("faq", "side-effects")),
    ),
    Concern(
        key="cancer",
        question="Have you had cancer?",
        raise_title="Cancer you have had",
        raise_text="We found no source that says whether this treatment is safe after "
        "cancer. The FDA has had reports of tumors after unapproved treatments of this "
        "kind, exosomes among them. Tell your doctor about your cancer before you decide.",
        sources=("fda-2021-info",),
        read_more=(("guide", "safety"), ("faq", "is-it-fda-approved")),
    ),
    Concern(
        key="darker-skin",
        question="Do you have darker (brown or black) skin?",
        raise_title="Darker skin",
        raise_text="After a laser, dark patches can appear, and they are more common in "
        "darker skin. We found no study that reports results by skin type. Ask how often "
        "the clinic treats skin like yours.",
        sources=("mayo-laser-risks",),
        read_more=(("faq", "is-it-suitable-for-darker-skin"), ("guide", "candidates")),
    ),
]

HOPES = [
    Concern(
        key="hope-acne-scars",
        question="Smoother acne scars",
        raise_title="What to expect for acne scars",
        raise_text="In one study of 25 people, scars improved more over 12 weeks on the side "
        "of the face that had exosomes after a laser. The side with the laser alone "
        "improved too. Ask what the exosomes would add for you.",
        sources=("kwon-2020",),
        read_more=(("guide", "results"), ("faq", "what-results-can-i-expect")),
    ),
    Concern(
        key="hope-ageing",
        question="Fewer fine lines, or firmer skin",
        raise_title="What to expect for signs of ageing",
        raise_text="In one study of 28 people, the side of the face that had exosomes with "
        "microneedling scored better after 12 weeks than the side with microneedling "
        "alone. It was a small, short study.",
        sources=("skin-ageing-2023",),
        read_more=(("guide", "results"), ("faq", "what-results-can-i-expect")),
    ),
    Concern(
        key="hope-hair",
        question="Thicker hair",
        raise_title="What to expect for thinning hair",
        raise_text="This is a very new use. One review found 9 studies in people with hair "
        "loss, 125 people in all. Ask what results the clinic can show, and from which "
        "studies.",
        sources=("queen-2025",),
        read_more=(("faq", "can-it-help-hair-loss"), ("guide", "results")),
    ),
    Concern(
        key="hope-fast",
        question="A big change, soon",
        raise_title="How fast changes come",
        raise_text="Changes, if they come, build slowly over weeks to months.",
        sources=("background",),
        read_more=(("faq", "when-will-i-see-results"),),
    ),
    Concern(
        key="hope-lasting",
        question="Results that last",
        raise_title="How long results last",
        raise_text="No one knows how long results last. Some clinics suggest a follow-up "
        "session every 6 to 12 months, which adds to the cost.",
        sources=("queen-2025", "background"),
        read_more=(("faq", "how-long-do-results-last"),),
    ),
]

# Raised whatever the answers: what every reader should ask.
ALWAYS = Concern(
    key="always",
    question="",
    raise_title="Whatever you answered",
    raise_text="Tell the doctor your full health history. Ask if the FDA has reviewed the "
    "product: it says there are no FDA-approved exosome products. Ask what results are "
    "realistic for your skin, and what they would suggest if you did not have exosomes.",
    sources=("background", "fda-2019-notice"),
    read_more=(("guide", "candidates"), ("faq", "is-it-fda-approved")),
)

CONCERNS = [*HEALTH, *HOPES]
KEYS = [concern.key for concern in CONCERNS]


@dataclass
class Result:
    """What to raise, for the boxes a reader ticked (worked out on the server only when
    JavaScript is off; held in memory for one response)."""

    ticked: set[str] = field(default_factory=set)

    @property
    def concerns(self) -> list[Concern]:
        return [concern for concern in CONCERNS if concern.key in self.ticked]
