"""Experienced CAF users of the Slovenian demo network (data only; `benchmarking_peers.py` seeds them).

Twenty-six municipalities, administrative units, schools and agencies that have used CAF for years:
each finished its latest self-assessment in 2025, management accepted the report, the plan was approved
and its two actions are done; the benchmarking demo adds the cycle two years before and shares both.
They give the benchmark pages a network of 30+ organisations to compare with.

Municipality names are real, every person is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opencaf.demo import coordination_content
from opencaf.demo.coordination_content import (
    AGENCY,
    GOR,
    GOS,
    JVS,
    KOR,
    MEDIUM,
    MICRO,
    MUNICIPALITY,
    OBK,
    OSR,
    PNO,
    POD,
    POM,
    POS,
    SCHOOL,
    SMALL,
    UNIT,
    ZAS,
    Org,
)

D = date


@dataclass(frozen=True)
class Peer:
    org: Org
    level: int  # around which the consensus scores lie (0-100)
    finalised: date  # the latest self-assessment's last consensus meeting
    people: tuple[str, str, str]  # the quality representative, a front-line colleague, the head
    actions: tuple[str, str]  # the subcriteria of the plan's two actions


PEERS = [
    Peer(
        Org("Občina Bled", MUNICIPALITY, GOR, SMALL, "bled"),
        55,
        D(2025, 3, 14),
        ("Urša Kalan", "Miha Zupan", "Marjeta Pintar"),
        ("6.1", "5.1"),
    ),
    Peer(
        Org("Občina Bovec", MUNICIPALITY, GOS, MICRO, "bovec"),
        40,
        D(2025, 5, 9),
        ("Rok Kravanja", "Tina Komac", "Boštjan Mlekuž"),
        ("1.2", "7.1"),
    ),
    Peer(
        Org("Občina Cerknica", MUNICIPALITY, PNO, SMALL, "cerknica"),
        45,
        D(2025, 4, 18),
        ("Nives Mlakar", "Luka Žnidaršič", "Andrej Kovšca"),
        ("5.1", "9.2"),
    ),
    Peer(
        Org("Občina Domžale", MUNICIPALITY, OSR, MEDIUM, "domzale"),
        60,
        D(2025, 6, 20),
        ("Petra Cerar", "Gregor Lipar", "Simona Rode"),
        ("6.1", "3.2"),
    ),
    Peer(
        Org("Občina Grosuplje", MUNICIPALITY, OSR, SMALL, "grosuplje"),
        50,
        D(2025, 2, 21),
        ("Alja Erjavec", "Jure Perko", "Tomaž Kastelic"),
        ("4.4", "7.1"),
    ),
    Peer(
        Org("Občina Jesenice", MUNICIPALITY, GOR, SMALL, "jesenice"),
        45,
        D(2025, 10, 10),
        ("Sanja Bregar", "Denis Razinger", "Irena Noč"),
        ("1.1", "6.1"),
    ),
    Peer(
        Org("Občina Logatec", MUNICIPALITY, OSR, SMALL, "logatec"),
        50,
        D(2025, 9, 19),
        ("Maja Gostiša", "Blaž Istenič", "Janez Nagode"),
        ("3.2", "5.1"),
    ),
    Peer(
        Org("Občina Medvode", MUNICIPALITY, OSR, SMALL, "medvode"),
        55,
        D(2025, 11, 7),
        ("Katja Bizjak", "Anže Rozman", "Vesna Kos"),
        ("9.2", "6.1"),
    ),
    Peer(
        Org("Občina Piran", MUNICIPALITY, OBK, SMALL, "piran"),
        50,
        D(2025, 3, 28),
        ("Lara Bertok", "Matej Cah", "Dario Bonin"),
        ("1.2", "4.4"),
    ),
    Peer(
        Org("Občina Sežana", MUNICIPALITY, OBK, SMALL, "sezana"),
        40,
        D(2025, 5, 23),
        ("Nataša Švab", "Primož Škrlj", "Eva Gulič"),
        ("7.1", "5.1"),
    ),
    Peer(
        Org("Občina Tolmin", MUNICIPALITY, GOS, SMALL, "tolmin"),
        45,
        D(2025, 6, 6),
        ("Metka Kos", "Žan Rutar", "Igor Kenda"),
        ("6.1", "1.1"),
    ),
    Peer(
        Org("Občina Vrhnika", MUNICIPALITY, OSR, SMALL, "vrhnika"),
        55,
        D(2025, 4, 4),
        ("Barbara Japelj", "Aleš Jereb", "Darja Kogovšek"),
        ("3.2", "9.2"),
    ),
    Peer(
        Org("MO Kranj", MUNICIPALITY, GOR, MEDIUM, "kranj", full_name="Mestna občina Kranj"),
        60,
        D(2025, 9, 5),
        ("Tjaša Bohinc", "Klemen Šink", "Marko Jerala"),
        ("5.1", "6.1"),
    ),
    Peer(
        Org("MO Nova Gorica", MUNICIPALITY, GOS, MEDIUM, "novagorica", full_name="Mestna občina Nova Gorica"),
        50,
        D(2025, 10, 24),
        ("Ana Mozetič", "Peter Vuga", "Jasna Kobal"),
        ("7.1", "4.4"),
    ),
    Peer(
        Org("UE Ljubljana", UNIT, OSR, MEDIUM, "ue-ljubljana", full_name="Upravna enota Ljubljana"),
        55,
        D(2025, 2, 7),
        ("Mojca Dolenc", "Nejc Kralj", "Helena Vidmar"),
        ("5.1", "6.1"),
    ),
    Peer(
        Org("UE Domžale", UNIT, OSR, SMALL, "ue-domzale", full_name="Upravna enota Domžale"),
        50,
        D(2025, 3, 7),
        ("Špela Ravnikar", "Tilen Burja", "Marija Zore"),
        ("6.1", "9.2"),
    ),
    Peer(
        Org("UE Ptuj", UNIT, POD, SMALL, "ue-ptuj", full_name="Upravna enota Ptuj"),
        45,
        D(2025, 5, 16),
        ("Sonja Cvetko", "David Kukovec", "Branko Meško"),
        ("3.2", "5.1"),
    ),
    Peer(
        Org("UE Nova Gorica", UNIT, GOS, SMALL, "ue-novagorica", full_name="Upravna enota Nova Gorica"),
        60,
        D(2025, 6, 13),
        ("Valentina Gorjan", "Erik Pavlin", "Boris Leban"),
        ("1.2", "6.1"),
    ),
    Peer(
        Org("UE Sežana", UNIT, OBK, MICRO, "ue-sezana", full_name="Upravna enota Sežana"),
        50,
        D(2025, 9, 26),
        ("Mateja Kariž", "Robert Vatovec", "Lidija Čok"),
        ("5.1", "7.1"),
    ),
    Peer(
        Org("UE Jesenice", UNIT, GOR, MICRO, "ue-jesenice", full_name="Upravna enota Jesenice"),
        40,
        D(2025, 10, 17),
        ("Andreja Mrak", "Gašper Černe", "Zdenka Hribar"),
        ("4.4", "6.1"),
    ),
    Peer(
        Org("UE Litija", UNIT, OSR, MICRO, "ue-litija", full_name="Upravna enota Litija"),
        45,
        D(2025, 11, 14),
        ("Polona Zaman", "Matic Ribič", "Vlasta Kokalj"),
        ("9.2", "1.1"),
    ),
    Peer(
        Org("UE Brežice", UNIT, POS, SMALL, "ue-brezice", full_name="Upravna enota Brežice"),
        50,
        D(2025, 4, 25),
        ("Karmen Hotko", "Sebastjan Kerin", "Stanko Ogorevc"),
        ("6.1", "3.2"),
    ),
    Peer(
        Org("OŠ Ravne", SCHOOL, KOR, SMALL, "os-ravne", full_name="Osnovna šola Prežihovega Voranca Ravne na Koroškem"),
        55,
        D(2025, 8, 29),
        ("Darja Krevh", "Urban Pušnik", "Mirjam Osojnik"),
        ("7.1", "1.1"),
    ),
    Peer(
        Org("Gimnazija Novo mesto", SCHOOL, JVS, SMALL, "gim-nm"),
        60,
        D(2025, 6, 27),
        ("Mojca Jakše", "Rok Bartol", "Tadej Kulovec"),
        ("3.2", "6.1"),
    ),
    Peer(
        Org("RRA Zasavje", AGENCY, ZAS, MICRO, "rra-zasavje", full_name="Regionalna razvojna agencija Zasavje"),
        45,
        D(2025, 7, 11),
        ("Nina Podbregar", "Aleš Kurent", "Jožica Ocvirk"),
        ("1.2", "9.2"),
    ),
    Peer(
        Org("Pomurski sklad", AGENCY, POM, MICRO, "pomurski-sklad", full_name="Pomurski razvojni sklad"),
        50,
        D(2025, 10, 3),
        ("Simona Gergar", "Dejan Horvat", "Marjana Kuhar"),
        ("4.4", "5.1"),
    ),
]

TITLE = "Samoocenjevanje po modelu CAF {year}"
GROUP = "Skupina za samoocenjevanje"
DEPARTMENTS = ("Služba za kakovost in organizacijo", "Sprejemna pisarna", "Vodstvo")
ACTION_TITLES = {
    "1.1": "Predstavitev poslanstva, vizije in vrednot na srečanjih vseh zaposlenih",
    "1.2": "Nabor ključnih kazalnikov za četrtletna poročila vodstvu",
    "3.2": "Letni razgovori z vsemi zaposlenimi",
    "4.4": "Priročniki za ključna dela in uvajanje novih sodelavcev",
    "5.1": "Popis in poenostavitev ključnih postopkov",
    "6.1": "Redna anketa o zadovoljstvu uporabnikov storitev",
    "7.1": "Anketa o zadovoljstvu zaposlenih in predstavitev rezultatov",
    "9.2": "Spremljanje rokov reševanja zadev in stroškov po postopkih",
}
DONE_NOTE = "Izvedeno; rezultate smo predstavili kolegiju in zaposlenim."
# What an action on a subcriterion is to achieve (the coordination demo's, and one it has no action on).
EFFECTS = {
    **coordination_content.EFFECTS,
    "9.2": "Vodstvo pozna roke in stroške postopkov ter jih lahko primerja iz leta v leto.",
}
