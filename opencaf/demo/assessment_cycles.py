"""How the demo assessors score and how the municipality's two cycles went (data only; see assessments.py
for how it is used and assessment_content.py for what the assessors write)."""

from __future__ import annotations

from datetime import date

from opencaf.assessments.models import PlanItemKind, PlanStatus
from opencaf.demo.assessment_content import AREA, IDEA, STRENGTH

LEADER = "leader@example.org"
QUALITY = "quality@example.org"
MANAGER = "manager@example.org"
OWNER = "owner@example.org"
ASSESSORS = [f"assessor{number}@example.org" for number in range(1, 10)]

# The organisation's level per subcriterion in 2026 (0 to 100), and two years earlier.
LEVEL_CURRENT = {
    "1.1": 55, "1.2": 45, "1.3": 45, "1.4": 50, "2.1": 35, "2.2": 50, "2.3": 40, "2.4": 40,
    "3.1": 45, "3.2": 40, "3.3": 45, "4.1": 55, "4.2": 45, "4.3": 60, "4.4": 40, "4.5": 45,
    "4.6": 50, "5.1": 40, "5.2": 55, "5.3": 40, "6.1": 30, "6.2": 40, "7.1": 30, "7.2": 40,
    "8.1": 35, "8.2": 40, "9.1": 50, "9.2": 40,
}  # fmt: skip
LEVEL_PAST = {
    "1.1": 50, "1.2": 40, "1.3": 40, "1.4": 45, "2.1": 30, "2.2": 45, "2.3": 35, "2.4": 35,
    "3.1": 40, "3.2": 35, "3.3": 40, "4.1": 50, "4.2": 40, "4.3": 55, "4.4": 35, "4.5": 40,
    "4.6": 45, "5.1": 35, "5.2": 50, "5.3": 35, "6.1": 25, "6.2": 35, "7.1": 25, "7.2": 35,
    "8.1": 30, "8.2": 35, "9.1": 45, "9.2": 35,
}  # fmt: skip

# How each assessor scores (bias in points) and writes (share of the entries they bother to type),
# and how many subcriteria they had scored when the individual phase closed.
PROFILES: dict[str, tuple[int, float, int]] = {
    "assessor1@example.org": (0, 0.9, 28),
    "assessor2@example.org": (-5, 0.7, 27),
    "assessor3@example.org": (10, 0.9, 26),
    "assessor4@example.org": (-10, 0.6, 25),
    "assessor5@example.org": (5, 0.8, 24),
    "assessor6@example.org": (-5, 0.7, 28),
    "assessor7@example.org": (5, 0.8, 26),
    "assessor8@example.org": (0, 0.6, 25),
    "assessor9@example.org": (10, 0.5, 20),
}
# Subcriteria where people's experience differs a lot (IT, citizens' satisfaction, well-being).
DIVERGENT: dict[str, dict[str, int]] = {
    "4.5": {
        "assessor8@example.org": 30,
        "assessor1@example.org": 20,
        "assessor9@example.org": 15,
        "assessor2@example.org": -10,
        "assessor4@example.org": -20,
        "assessor5@example.org": -20,
        "assessor6@example.org": -15,
    },
    "6.1": {
        "assessor5@example.org": 35,
        "assessor3@example.org": 20,
        "assessor7@example.org": 10,
        "assessor2@example.org": -10,
        "assessor4@example.org": -15,
        "assessor6@example.org": -15,
    },
    "3.3": {"assessor7@example.org": 20, "assessor3@example.org": 10, "assessor4@example.org": -20},
}
CANNOT_JUDGE_CURRENT = {
    ("assessor5@example.org", "1.4"),
    ("assessor6@example.org", "4.3"),
    ("assessor4@example.org", "8.1"),
    ("assessor3@example.org", "9.2"),
    ("assessor8@example.org", "7.2"),
}
CANNOT_JUDGE_PAST = {
    ("assessor5@example.org", "1.4"),
    ("assessor6@example.org", "4.3"),
    ("assessor3@example.org", "8.1"),
}
# Fine-tuned scoring: Plan is usually ahead of Do, and Check and Act lag behind; trends look better
# than the targets reached.
DIMENSION_OFFSETS = {"plan": 8, "do": 3, "check": -5, "act": -10, "trends": 5, "targets": -8}

# The past consensus: where the group left the median, and where it found its own words.
PAST_DEPARTURES: dict[str, tuple[int, str]] = {
    "2.3": (
        10,
        "Direktor je na seji predstavil polletna poročila o izvajanju letnega programa dela, ki jih večina "
        "ocenjevalcev ni poznala; skupina zato ocenjuje višje od mediane.",
    ),
    "4.3": (
        5,
        "Računsko sodišče je o zaključnem računu za leto 2022 izreklo pozitivno mnenje; skupina je oceno zvišala.",
    ),
    "6.1": (
        -10,
        "Zadnja anketa med občani je iz leta 2019, zato rezultatov ni mogoče šteti za aktualne; "
        "skupina je oceno znižala.",
    ),
    "7.2": (
        -5,
        "Podatki o bolniški odsotnosti so na voljo le za zadnji dve leti, zato trenda ni mogoče zanesljivo oceniti.",
    ),
}
PAST_GROUP_WORDING: dict[str, dict[str, list[str]]] = {
    "1.1": {
        STRENGTH: [
            "Poslanstvo, vizija in vrednote so zapisani v Strategiji razvoja občine in javno objavljeni.",
            "Vodstvo vizijo predstavlja zaposlenim na zboru zaposlenih.",
        ],
        AREA: ["Zaposleni vizije in vrednot ne poznajo dovolj in jih ne povezujejo s svojim delom."],
        IDEA: ["Vizijo in vrednote vsako leto pregledati na zboru zaposlenih in jih vključiti v letne razgovore."],
    },
    "6.1": {
        STRENGTH: ["Občani v neposrednih stikih pohvalijo prijaznost in ustrežljivost zaposlenih."],
        AREA: ["Zadovoljstvo občanov se ne meri redno; zadnji podatki so iz leta 2019."],
        IDEA: ["Anketo o zadovoljstvu občanov izvesti vsaki dve leti in rezultate objaviti."],
    },
}
CURRENT_CONSENSUS: dict[str, tuple[int, str]] = {
    "1.1": (0, ""),
    "1.2": (0, ""),
    "2.1": (
        5,
        "V letu 2026 je bila prvič izvedena analiza pobud in pritožb občanov, ki je nekateri ocenjevalci niso "
        "poznali; skupina zato ocenjuje nekoliko višje od mediane.",
    ),
}

# The plan of the current cycle: step number -> (start, end, responsible, status, notes).
CURRENT_PLAN: dict[int, tuple[date, date, str, str, str]] = {
    1: (
        date(2026, 3, 2),
        date(2026, 3, 20),
        MANAGER,
        PlanStatus.DONE,
        "Sklep direktorja o izvedbi samoocenjevanja po modelu CAF 2020 in imenovanje vodje projekta.",
    ),
    2: (
        date(2026, 3, 23),
        date(2026, 4, 10),
        LEADER,
        PlanStatus.DONE,
        "Predstavitev projekta na zboru zaposlenih in objava na intranetu.",
    ),
    3: (
        date(2026, 4, 6),
        date(2026, 4, 24),
        LEADER,
        PlanStatus.DONE,
        "V skupini je devet sodelavcev iz različnih oddelkov in ravni.",
    ),
    4: (
        date(2026, 9, 14),
        date(2026, 9, 25),
        QUALITY,
        PlanStatus.DONE,
        "Usposabljanje skupine in kratka predstavitev modela za vodstvo.",
    ),
    5: (
        date(2026, 9, 28),
        date(2026, 12, 11),
        LEADER,
        PlanStatus.IN_PROGRESS,
        "Individualno ocenjevanje do 13. 11., nato sestanki skupine za doseganje soglasja.",
    ),
    6: (date(2026, 12, 14), date(2027, 1, 22), LEADER, PlanStatus.NOT_STARTED, ""),
    7: (
        date(2027, 1, 25),
        date(2027, 3, 5),
        MANAGER,
        PlanStatus.NOT_STARTED,
        "Načrt izboljšav potrdi kolegij direktorja.",
    ),
    8: (date(2027, 3, 8), date(2027, 3, 19), QUALITY, PlanStatus.NOT_STARTED, ""),
    9: (date(2027, 3, 22), date(2028, 2, 29), OWNER, PlanStatus.NOT_STARTED, ""),
    10: (date(2028, 1, 10), date(2028, 3, 31), LEADER, PlanStatus.NOT_STARTED, ""),
}
CURRENT_EXTRA_PLAN: list[tuple[str, str, date, date, str, str]] = [
    (
        PlanItemKind.TRAINING,
        "Usposabljanje skupine za samoocenjevanje",
        date(2026, 9, 17),
        date(2026, 9, 18),
        QUALITY,
        "Dvodnevno usposabljanje: model CAF 2020, ocenjevanje s podrobnim točkovanjem, vaja na primerih.",
    ),
    (
        PlanItemKind.COMMUNICATION,
        "Obvestilo zaposlenim o samoocenjevanju",
        date(2026, 4, 1),
        date(2026, 4, 1),
        LEADER,
        "E-pošta vsem zaposlenim in objava na intranetu: namen, časovnica in sestava skupine.",
    ),
]
# The past cycle ran from January to December 2024: step number -> (start, end, responsible).
PAST_PLAN: dict[int, tuple[date, date, str]] = {
    1: (date(2024, 1, 15), date(2024, 1, 31), MANAGER),
    2: (date(2024, 2, 1), date(2024, 2, 16), LEADER),
    3: (date(2024, 2, 12), date(2024, 2, 23), LEADER),
    4: (date(2024, 3, 4), date(2024, 3, 15), QUALITY),
    5: (date(2024, 3, 18), date(2024, 5, 31), LEADER),
    6: (date(2024, 6, 3), date(2024, 6, 28), LEADER),
    7: (date(2024, 7, 1), date(2024, 9, 13), MANAGER),
    8: (date(2024, 9, 16), date(2024, 9, 27), QUALITY),
    9: (date(2024, 9, 30), date(2024, 12, 20), OWNER),
    10: (date(2024, 12, 2), date(2024, 12, 20), LEADER),
}
