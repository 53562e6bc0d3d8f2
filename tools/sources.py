"""The sources the tools' own text rests on, by key. Each is one the guide or the FAQ
already cites, or one the editors read for a tool (named in docs/tools.md); the tools
show them with what they support."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str = ""
    date: str = ""


SOURCES = {
    "background": Source(
        "Background article on exosome therapy in regenerative dermatology",
        "A clinic's patient article provided to the exosite editors (not peer-reviewed)",
    ),
    "mayo-laser-risks": Source(
        "Laser resurfacing: risks",
        "Mayo Clinic",
        "https://www.mayoclinic.org/tests-procedures/laser-resurfacing/details/risks/cmc-20323318",
    ),
    "mayo-laser-prepare": Source(
        "Laser resurfacing: how you prepare",
        "Mayo Clinic",
        "https://www.mayoclinic.org/tests-procedures/laser-resurfacing/details/how-you-prepare/ppc-20323320",
        "15 August 2017",
    ),
    "asds-2017": Source(
        "ASDS Guidelines Task Force: Consensus Recommendations Regarding the Safety of Lasers, "
        "Dermabrasion, Chemical Peels, Energy Devices, and Skin Surgery During and After "
        "Isotretinoin Use",
        "Dermatologic Surgery 2017;43(10):1249-1262",
        "https://doi.org/10.1097/DSS.0000000000001166",
        "October 2017",
    ),
    "fda-2019-notice": Source(
        "Public Safety Notification on Exosome Products",
        "U.S. Food and Drug Administration",
        "https://www.fda.gov/vaccines-blood-biologics/safety-availability-biologics/"
        "public-safety-notification-exosome-products",
        "6 December 2019",
    ),
    "fda-2021-info": Source(
        "Important Patient and Consumer Information About Regenerative Medicine Therapies",
        "U.S. Food and Drug Administration",
        "https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/"
        "important-patient-and-consumer-information-about-regenerative-medicine-therapies",
        "3 June 2021",
    ),
    "cleveland-co2": Source(
        "Carbon dioxide laser resurfacing: risks and benefits",
        "Cleveland Clinic",
        "https://my.clevelandclinic.org/health/treatments/8314-carbon-dioxide-laser-resurfacing/risks--benefits",
    ),
    "fda-2020-alert": Source(
        "Consumer Alert on Regenerative Medicine Products Including Stem Cells and Exosomes",
        "U.S. Food and Drug Administration",
        "https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/"
        "consumer-alert-regenerative-medicine-products-including-stem-cells-and-exosomes",
        "22 July 2020",
    ),
    "medwatch": Source(
        "MedWatch: The FDA Safety Information and Adverse Event Reporting Program",
        "U.S. Food and Drug Administration",
        "https://www.fda.gov/safety/medwatch-fda-safety-information-and-adverse-event-reporting-program",
    ),
    "nahm-2024": Source(
        "Complications After Exosome Treatment for Aesthetic Skin Rejuvenation",
        "Dermatological Reviews 2024 (Nahm WJ, Thunga S, Yoo J; a report of 8 people)",
        "https://doi.org/10.1002/der2.242",
        "2024",
    ),
    "kwon-2020": Source(
        "Combination Treatment with Human Adipose Tissue Stem Cell-derived Exosomes and "
        "Fractional CO2 Laser for Acne Scars: A 12-week Prospective, Double-blind, Randomized, "
        "Split-face Study",
        "Acta Dermato-Venereologica 2020;100:adv00310",
        "https://doi.org/10.2340/00015555-3666",
        "2020",
    ),
    "skin-ageing-2023": Source(
        "Efficacy of combined treatment with human adipose tissue stem cell-derived "
        "exosome-containing solution and microneedling for facial skin aging: A 12-week "
        "prospective, randomized, split-face study",
        "Journal of Cosmetic Dermatology",
        date="2023",
    ),
    "queen-2025": Source(
        "Exosomes for Treating Hair Loss: A Review of Clinical Studies",
        "Dermatologic Surgery 2025;51(4):409-415",
        "https://doi.org/10.1097/DSS.0000000000004480",
        "2025",
    ),
}
