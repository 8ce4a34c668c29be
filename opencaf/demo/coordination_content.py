"""What the coordination demo is made of (data only; `coordination.py` seeds it through the services).

Forty more organisations of the Slovenian demo network, each at its own point of the way through CAF;
the quality unit's campaign "Povabilo k sodelovanju 2027" with its replies; last year's two-day
training, this January's introduction session and this March's training with their registrations;
contacts in the engagement log; and the Bulgarian demo municipality's self-assessment team.

Municipality names are real, every person is invented. Dates are those of the story as told on
7 December 2026; `coordination.py` moves the services' "now" back to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opencaf.organisations.choices import OrganisationType as T
from opencaf.organisations.choices import SizeBand as S
from opencaf.organisations.choices import StaffLevel as L


@dataclass(frozen=True)
class Org:
    key: str  # the short name, by which the rest of this module refers to it
    org_type: str
    region: str  # Slovenia's statistical region
    size_band: str
    domain: str  # its people's e-mail addresses: <name>@<domain>.example.org
    parent: str = ""  # the parent's key (a body within a ministry)
    full_name: str = ""  # when it is not the short name

    @property
    def name(self) -> str:
        return f"{self.full_name or self.key} (demo)"


@dataclass(frozen=True)
class Person:
    name: str
    department: str = ""
    level: str = ""


OSR, POD, SAV, GOR, POM = "Osrednjeslovenska", "Podravska", "Savinjska", "Gorenjska", "Pomurska"
KOR, ZAS, POS, JVS = "Koroška", "Zasavska", "Posavska", "Jugovzhodna Slovenija"
PNO, GOS, OBK = "Primorsko-notranjska", "Goriška", "Obalno-kraška"
MUNICIPALITY, UNIT, MINISTRY, BODY = T.MUNICIPALITY, T.ADMINISTRATIVE_UNIT, T.MINISTRY, T.BODY_WITHIN_MINISTRY
AGENCY, SCHOOL, OTHER = T.AGENCY, T.SCHOOL, T.OTHER
MICRO, SMALL, MEDIUM, LARGE = S.MICRO, S.SMALL, S.MEDIUM, S.LARGE
TOP, MIDDLE, FRONT, SUPPORT = L.TOP, L.MIDDLE, L.FRONT_LINE, L.SUPPORT
P = Person
D = date

# In the order of the import: a parent before its bodies.
ORGANISATIONS = [
    # Nothing on the platform yet.
    Org("MP", MINISTRY, OSR, MEDIUM, "mp", full_name="Ministrstvo za pravosodje"),
    Org(
        "Uprava za probacijo", BODY, OSR, SMALL, "probacija", "MP", full_name="Uprava Republike Slovenije za probacijo"
    ),
    Org("SURS", OTHER, OSR, MEDIUM, "surs", full_name="Statistični urad Republike Slovenije"),
    # Invited by the 2027 campaign.
    Org("Občina Kamnik", MUNICIPALITY, OSR, SMALL, "kamnik"),
    Org("Občina Brežice", MUNICIPALITY, POS, SMALL, "brezice"),
    Org("Občina Postojna", MUNICIPALITY, PNO, SMALL, "postojna"),
    Org("UE Novo mesto", UNIT, JVS, SMALL, "ue-novomesto", full_name="Upravna enota Novo mesto"),
    Org("OŠ Sevnica", SCHOOL, POS, SMALL, "os-sevnica", full_name="Osnovna šola Sevnica"),
    Org("Občina Ljutomer", MUNICIPALITY, POM, MICRO, "ljutomer"),
    Org("MO Celje", MUNICIPALITY, SAV, MEDIUM, "celje", full_name="Mestna občina Celje"),
    Org("ZGS", AGENCY, OSR, MEDIUM, "zgs", full_name="Zavod za gozdove Slovenije"),
    Org("Občina Ajdovščina", MUNICIPALITY, GOS, SMALL, "ajdovscina"),
    Org("Občina Slovenska Bistrica", MUNICIPALITY, POD, SMALL, "slovenska-bistrica"),
    Org("Občina Ravne na Koroškem", MUNICIPALITY, KOR, MICRO, "ravne"),
    Org("Občina Hrastnik", MUNICIPALITY, ZAS, MICRO, "hrastnik"),
    Org("Občina Kočevje", MUNICIPALITY, JVS, SMALL, "kocevje"),
    Org("Občina Izola", MUNICIPALITY, OBK, SMALL, "izola"),
    Org("MO Ptuj", MUNICIPALITY, POD, SMALL, "ptuj", full_name="Mestna občina Ptuj"),
    Org("Občina Lendava", MUNICIPALITY, POM, SMALL, "lendava"),
    Org("UE Koper", UNIT, OBK, SMALL, "ue-koper", full_name="Upravna enota Koper"),
    Org("UE Trbovlje", UNIT, ZAS, MICRO, "ue-trbovlje", full_name="Upravna enota Trbovlje"),
    Org("UE Slovenj Gradec", UNIT, KOR, MICRO, "ue-slovenjgradec", full_name="Upravna enota Slovenj Gradec"),
    Org("SŠ Izola", SCHOOL, OBK, SMALL, "ss-izola", full_name="Srednja šola Izola"),
    # Came to the quality unit on their own this autumn: a representative, nothing else yet.
    Org("Občina Žalec", MUNICIPALITY, SAV, SMALL, "zalec"),
    Org("Občina Idrija", MUNICIPALITY, GOS, MICRO, "idrija"),
    Org("JSKD", AGENCY, OSR, SMALL, "jskd", full_name="Javni sklad Republike Slovenije za kulturne dejavnosti"),
    # Trained last March, not started yet.
    Org("UE Murska Sobota", UNIT, POM, SMALL, "ue-murskasobota", full_name="Upravna enota Murska Sobota"),
    Org("Občina Škofja Loka", MUNICIPALITY, GOR, SMALL, "skofjaloka"),
    Org(
        "CSD Dolenjska in Bela krajina",
        AGENCY,
        JVS,
        SMALL,
        "csd-dbk",
        full_name="Center za socialno delo Dolenjska in Bela krajina",
    ),
    # A parent of two bodies below, and itself with a plan in progress.
    Org("MNVP", MINISTRY, OSR, MEDIUM, "mnvp", full_name="Ministrstvo za naravne vire in prostor"),
    # Self-assessment under way.
    Org("Občina Radovljica", MUNICIPALITY, GOR, SMALL, "radovljica"),
    Org("UE Kranj", UNIT, GOR, SMALL, "ue-kranj", full_name="Upravna enota Kranj"),
    Org("DRSV", BODY, OSR, SMALL, "drsv", "MNVP", full_name="Direkcija Republike Slovenije za vode"),
    Org("ZRSŠ", AGENCY, OSR, MEDIUM, "zrss", full_name="Zavod Republike Slovenije za šolstvo"),
    # Report accepted.
    Org("GURS", BODY, OSR, MEDIUM, "gurs", "MNVP", full_name="Geodetska uprava Republike Slovenije"),
    Org("ZRSZ", AGENCY, OSR, LARGE, "zrsz", full_name="Zavod Republike Slovenije za zaposlovanje"),
    # Plan approved.
    Org("UE Velenje", UNIT, SAV, SMALL, "ue-velenje", full_name="Upravna enota Velenje"),
    Org("Občina Slovenske Konjice", MUNICIPALITY, SAV, MICRO, "konjice"),
    # Plan in progress.
    Org("MO Maribor", MUNICIPALITY, POD, MEDIUM, "maribor", full_name="Mestna občina Maribor"),
    Org("SPIRIT Slovenija", AGENCY, OSR, SMALL, "spirit", full_name="Javna agencija SPIRIT Slovenija"),
]

# --- the campaign -----------------------------------------------------------------------------------

CAMPAIGN_TITLE = "Povabilo k sodelovanju 2027"
CAMPAIGN_CREATED = date(2026, 11, 16)
CAMPAIGN_SENT = date(2026, 11, 23)
CAMPAIGN_DEADLINE = date(2027, 1, 28)
CAMPAIGN_REMINDER_DAYS = 10
CAMPAIGN_LINKS = (
    "https://www.example.org/kakovost/caf-predstavitev-video\nhttps://www.example.org/kakovost/model-caf-2020"
)
CAMPAIGN_SUBJECT = "Povabilo k samoocenjevanju po modelu CAF – {organisation}"
# The e-mail adds the reply link and the links below the text, so the text does not repeat them.
CAMPAIGN_BODY = """Spoštovani {head},

vabimo vas, da se {organisation} v letu 2027 pridruži organizacijam javne uprave, ki kakovost svojega \
dela razvijajo s samoocenjevanjem po modelu CAF (skupni ocenjevalni okvir). Pri samoocenjevanju skupina \
zaposlenih z vseh področij dela oceni delovanje organizacije, prepozna njene prednosti in področja za \
izboljšanje ter pripravi predloge za načrt izboljšav.

Prosimo vas, da imenujete predstavnika vodstva za kakovost, ki bo v vaši organizaciji skrbel za potek \
samoocenjevanja, najpozneje do {deadline}. Predstavnika imenujete prek povezave na koncu tega sporočila; \
tam lahko sodelovanje tudi odklonite.

Imenovane predstavnike bomo januarja povabili na uvodno srečanje, marca pa bo za člane skupin za \
samoocenjevanje potekalo brezplačno dvodnevno usposabljanje.

Za dodatna pojasnila smo vam na voljo na naslovu kakovost@example.org.

Lep pozdrav,

Alenka Zorman
Sektor za kakovost"""

# The heads the invitation is addressed to, in the order of the campaign's list.
HEADS = {
    "Občina Kamnik": "Matej Podgoršek",
    "Občina Brežice": "Andrej Vovk",
    "Občina Postojna": "Boštjan Rebec",
    "UE Novo mesto": "mag. Darja Kastelic",
    "OŠ Sevnica": "Simona Kolar",
    "Občina Ljutomer": "Drago Šavel",
    "MO Celje": "Jure Ocvirk",
    "ZGS": "dr. Marko Zajc",
    "Občina Ajdovščina": "Rok Lozej",
    "Občina Slovenska Bistrica": "Damjan Leskovar",
    "Občina Ravne na Koroškem": "Boris Lečnik",
    "Občina Hrastnik": "Alojz Kovše",
    "Občina Kočevje": "Aleš Štimec",
    "Občina Izola": "Danijel Kocjančič",
    "MO Ptuj": "Branko Meško",
    "Občina Lendava": "Tibor Bakan",
    "UE Koper": "Martina Jakomin",
    "UE Trbovlje": "Mojca Prašnikar",
    "UE Slovenj Gradec": "Vlasta Pungartnik",
    "SŠ Izola": "Ingrid Šavron",
}


# (organisation key, day): the representative's name and position.
NOMINATIONS = {
    ("Občina Kamnik", D(2026, 11, 25)): ("mag. Petra Lenarčič", "višja svetovalka za kakovost in razvoj"),
    ("UE Novo mesto", D(2026, 11, 26)): ("Mitja Zupančič", "vodja Oddelka za upravne notranje zadeve"),
    ("Občina Brežice", D(2026, 11, 30)): ("Tanja Pirc", "vodja Oddelka za splošne zadeve"),
    ("OŠ Sevnica", D(2026, 12, 1)): ("Nataša Jazbec", "pomočnica ravnateljice"),
    ("Občina Postojna", D(2026, 12, 3)): ("Urška Bratož", "svetovalka za organizacijo in kakovost"),
    ("Občina Ljutomer", D(2026, 12, 4)): ("Karmen Horvat", "direktorica občinske uprave"),
}
# (organisation key, day): the reason given.
DECLINES = {
    ("MO Celje", D(2026, 11, 27)): (
        "Občinska uprava je sredi reorganizacije. S samoocenjevanjem po modelu CAF bi radi začeli, ko bo nova "
        "organizacija zaživela, predvidoma v letu 2028."
    ),
    ("ZGS", D(2026, 12, 2)): (
        "Sistem vodenja kakovosti imamo certificiran po standardu ISO 9001. V letu 2027 nas čaka obnovitvena "
        "presoja, zato se samoocenjevanju po modelu CAF ne bomo mogli posvetiti."
    ),
}

# --- the representatives of the organisations beyond the campaign, and since when -----------------

REPRESENTATIVES: dict[str, tuple[Person, date]] = {
    "Občina Žalec": (Person("Gregor Jelen", "Urad župana", MIDDLE), date(2026, 10, 5)),
    "Občina Idrija": (Person("Maja Kavčič", "Občinska uprava", TOP), date(2026, 10, 19)),
    "JSKD": (Person("Barbara Hribar", "Služba za splošne zadeve", MIDDLE), date(2026, 11, 9)),
    "UE Murska Sobota": (Person("Suzana Kerec", "Oddelek za upravne notranje zadeve", MIDDLE), date(2026, 1, 26)),
    "Občina Škofja Loka": (Person("Jernej Bogataj", "Kabinet župana", MIDDLE), date(2026, 2, 2)),
    "CSD Dolenjska in Bela krajina": (Person("Polona Gorenc", "Strokovna služba", MIDDLE), date(2026, 2, 9)),
    "Občina Radovljica": (Person("Klavdija Mulej", "Urad župana", MIDDLE), date(2026, 1, 19)),
    "UE Kranj": (Person("Aleš Jereb", "Služba za skupne zadeve", MIDDLE), date(2026, 1, 22)),
    "DRSV": (Person("Tomaž Kline", "Služba za splošne zadeve", MIDDLE), date(2026, 2, 16)),
    "ZRSŠ": (Person("Irena Bohinc", "Kabinet direktorja", MIDDLE), date(2026, 2, 3)),
    "GURS": (Person("Mateja Rupnik", "Kabinet generalnega direktorja", MIDDLE), date(2025, 6, 2)),
    "ZRSZ": (Person("Damjana Košir", "Služba za kakovost", MIDDLE), date(2025, 12, 1)),
    "UE Velenje": (Person("Bojan Kotnik", "Služba za skupne zadeve", MIDDLE), date(2025, 4, 7)),
    "Občina Slovenske Konjice": (Person("Lidija Hren", "Oddelek za splošne zadeve", MIDDLE), date(2025, 9, 1)),
    "MNVP": (Person("Simona Trček", "Sekretariat", MIDDLE), date(2024, 11, 4)),
    "MO Maribor": (Person("Andreja Kramberger", "Kabinet župana", MIDDLE), date(2024, 9, 16)),
    "SPIRIT Slovenija": (Person("Nejc Ferjan", "Služba za splošne zadeve", MIDDLE), date(2025, 5, 5)),
}

# --- the self-assessments and plans --------------------------------------------------------------

INDIVIDUAL, CONSENSUS, FINISHED = "individual", "consensus", "finished"
# The demo groups that finished scored on paper and agreed in one consensus meeting, so their consensus
# departs from an empty median and needs its reason (see coordination.py).
PAPER_RATIONALE = (
    "Člani skupine so posamične ocene pripravili na papirnih ocenjevalnih listih; skupina jih je uskladila "
    "na sestanku za doseganje soglasja."
)


@dataclass(frozen=True)
class Timeline:
    created: date
    started: date
    state: str
    level: int  # around which the group scores (0-100)
    deadline: date | None = None  # for individual assessment
    scored: int = 0  # subcriteria, in order, each member has scored individually on the platform
    decided: int = 0  # consensus records of a group still in consensus


@dataclass(frozen=True)
class Outcome:
    finalised: date
    accepted: date
    plan_created: date | None = None
    approved: date | None = None


@dataclass(frozen=True)
class Update:
    on: date
    status: str
    progress: int
    note: str


@dataclass(frozen=True)
class PlanAction:
    title: str
    subcriteria: str  # codes, separated by spaces
    owner: str  # a member's name
    due: date
    impact: int = 2
    feasibility: int = 2


TIMELINES = {
    # Started in April, still scoring individually: no report six months on.
    "Občina Radovljica": Timeline(D(2026, 3, 30), D(2026, 4, 14), INDIVIDUAL, 45, D(2027, 1, 15), scored=8),
    # In consensus since the summer with ten subcriteria agreed: no report, consensus not recorded.
    "UE Kranj": Timeline(D(2026, 4, 20), D(2026, 5, 6), CONSENSUS, 50, D(2026, 7, 10), scored=10, decided=10),
    # A group drawn from one sector, without front-line staff.
    "DRSV": Timeline(D(2026, 9, 14), D(2026, 10, 5), INDIVIDUAL, 40, D(2027, 1, 29)),
    "ZRSŠ": Timeline(D(2026, 9, 1), D(2026, 9, 21), INDIVIDUAL, 55, D(2026, 12, 18), scored=4),
    "GURS": Timeline(D(2025, 10, 20), D(2025, 11, 3), FINISHED, 50, D(2026, 1, 16)),
    "ZRSZ": Timeline(D(2026, 2, 16), D(2026, 3, 2), FINISHED, 55, D(2026, 6, 30)),
    "UE Velenje": Timeline(D(2025, 9, 1), D(2025, 9, 15), FINISHED, 50, D(2025, 12, 12)),
    "Občina Slovenske Konjice": Timeline(D(2026, 2, 2), D(2026, 2, 16), FINISHED, 45, D(2026, 6, 12)),
    "MNVP": Timeline(D(2025, 2, 24), D(2025, 3, 10), FINISHED, 55, D(2025, 6, 13)),
    "MO Maribor": Timeline(D(2025, 1, 20), D(2025, 2, 3), FINISHED, 50, D(2025, 4, 30)),
    "SPIRIT Slovenija": Timeline(D(2025, 9, 22), D(2025, 10, 6), FINISHED, 60, D(2025, 12, 19)),
}
OUTCOMES = {
    "GURS": Outcome(D(2026, 3, 20), D(2026, 4, 15)),  # no plan since
    "ZRSZ": Outcome(D(2026, 10, 16), D(2026, 11, 12), D(2026, 11, 23)),  # the plan is being drawn up
    "UE Velenje": Outcome(D(2026, 2, 13), D(2026, 3, 4), D(2026, 5, 18), D(2026, 7, 1)),  # no action has moved
    "Občina Slovenske Konjice": Outcome(D(2026, 9, 25), D(2026, 10, 13), D(2026, 10, 27), D(2026, 11, 20)),
    "MNVP": Outcome(D(2025, 9, 26), D(2025, 10, 14), D(2025, 10, 27), D(2025, 11, 28)),
    "MO Maribor": Outcome(D(2025, 7, 4), D(2025, 9, 8), D(2025, 9, 22), D(2025, 10, 20)),  # no news since June
    "SPIRIT Slovenija": Outcome(D(2026, 2, 27), D(2026, 3, 17), D(2026, 3, 23), D(2026, 4, 8)),
}
TITLES = {
    "GURS": "Samoocenjevanje 2025/2026",
    "UE Velenje": "Samoocenjevanje 2025/2026",
    "MNVP": "Samoocenjevanje 2025",
    "MO Maribor": "Samoocenjevanje 2025",
    "SPIRIT Slovenija": "Samoocenjevanje 2025/2026",
}
DEFAULT_TITLE = "Samoocenjevanje 2026"
# The group besides the quality representative, invited to the organisation by the representative.
TEAMS = {
    "Občina Radovljica": (
        P("Anja Pogačar", "Oddelek za finance", FRONT),
        P("Rok Šolar", "Oddelek za okolje in prostor", MIDDLE),
        P("Tina Kunšič", "Sprejemna pisarna", FRONT),
    ),
    "UE Kranj": (
        P("Marjana Ahačič", "Oddelek za upravne notranje zadeve", FRONT),
        P("Boštjan Rakovec", "Oddelek za okolje in prostor", MIDDLE),
        P("Eva Pretnar", "Služba za skupne zadeve", SUPPORT),
    ),
    "DRSV": (
        P("Nina Jerman", "Sektor za upravljanje voda", MIDDLE),
        P("Matjaž Zakrajšek", "Sektor za upravljanje voda", MIDDLE),
        P("Petra Žagar", "Sektor za upravljanje voda", TOP),
    ),
    "ZRSŠ": (
        P("Lea Bizjak", "Organizacijska enota Ljubljana", FRONT),
        P("Marko Lesjak", "Služba za splošne zadeve", SUPPORT),
        P("Helena Vrhovec", "Področje za predšolsko vzgojo", MIDDLE),
    ),
    "GURS": (
        P("Kristina Pahor", "Območna geodetska uprava Koper", FRONT),
        P("Jure Mlinar", "Sektor za informatiko", SUPPORT),
    ),
    "ZRSZ": (P("Sabina Koren", "Urad za delo Celje", FRONT), P("Matevž Oblak", "Služba za kadrovske zadeve", SUPPORT)),
    "UE Velenje": (
        P("Alenka Pirnat", "Oddelek za upravne notranje zadeve", FRONT),
        P("Zoran Pušnik", "Oddelek za okolje in prostor", MIDDLE),
    ),
    "Občina Slovenske Konjice": (
        P("Špela Pečnik", "Oddelek za okolje in prostor", FRONT),
        P("Tadej Verdnik", "Oddelek za finance", MIDDLE),
    ),
    "MNVP": (P("Luka Podobnik", "Sekretariat", SUPPORT), P("Ana Vidic", "Direktorat za prostor", FRONT)),
    "MO Maribor": (
        P("Tamara Lah", "Urad za komunalo, promet in prostor", FRONT),
        P("Robert Kuhar", "Služba za informatiko", SUPPORT),
    ),
    "SPIRIT Slovenija": (
        P("Martin Žnidaršič", "Sektor za podjetništvo", FRONT),
        P("Eva Marolt", "Služba za splošne zadeve", SUPPORT),
    ),
}
UNSEATED_REPRESENTATIVES = {"DRSV"}  # leads the group without a seat in it
# Management, who accepts the report and approves the plan.
MANAGERS = {
    "GURS": Person("mag. Andrej Bergant", "Kabinet generalnega direktorja", TOP),
    "ZRSZ": Person("Gregor Štrukelj", "Generalni direktor", TOP),
    "UE Velenje": Person("Dušan Jurko", "Načelnik", TOP),
    "Občina Slovenske Konjice": Person("Miran Gorenšek", "Direktor občinske uprave", TOP),
    "MNVP": Person("dr. Janja Kovačič", "Generalna sekretarka", TOP),
    "MO Maribor": Person("Igor Fekonja", "Direktor mestne uprave", TOP),
    "SPIRIT Slovenija": Person("Aleksandra Godec", "Direktorica", TOP),
}
# Each action: title, subcriteria, owner, due, impact, feasibility (1 low, 2 medium, 3 high).
A = PlanAction
ACTIONS = {
    "ZRSZ": (
        A("Redna anketa o zadovoljstvu brezposelnih in delodajalcev", "6.1", "Sabina Koren", D(2027, 10, 31), 3),
        A("Letni razgovori z vsemi zaposlenimi", "3.2", "Matevž Oblak", D(2027, 12, 31)),
    ),
    "UE Velenje": (
        A("Popis in poenostavitev postopka izdaje gradbenih dovoljenj", "5.1", "Zoran Pušnik", D(2027, 6, 30), 3),
        A("Anketa o zadovoljstvu strank na okencih", "6.1", "Alenka Pirnat", D(2026, 12, 31), 2, 3),
    ),
    "Občina Slovenske Konjice": (
        A("Predstavitev poslanstva, vizije in vrednot zaposlenim", "1.1", "Lidija Hren", D(2027, 3, 31), 2, 3),
        A("Merjenje zadovoljstva zaposlenih", "7.1", "Tadej Verdnik", D(2027, 6, 30)),
    ),
    "MNVP": (
        A("Nabor ključnih kazalnikov uspešnosti za vodstvo", "1.2 9.2", "Simona Trček", D(2027, 3, 31), 3),
        A("Notranji portal za izmenjavo znanja", "4.4", "Luka Podobnik", D(2026, 9, 30), 2, 3),
        A("Anketa o zadovoljstvu uporabnikov prostorskega portala", "6.1", "Ana Vidic", D(2027, 9, 30)),
    ),
    "MO Maribor": (
        A("Popis ključnih procesov mestne uprave", "5.1", "Tamara Lah", D(2026, 12, 31), 3),
        A("Spletni obrazec za pripombe in pohvale občanov", "6.1 5.2", "Robert Kuhar", D(2026, 6, 30), 2, 3),
    ),
    "SPIRIT Slovenija": (
        A("Merjenje zadovoljstva zaposlenih vsako drugo leto", "7.1", "Eva Marolt", D(2026, 11, 30), 2, 3),
        A("Anketa o zadovoljstvu podjetij s podpornimi storitvami", "6.1", "Martin Žnidaršič", D(2027, 4, 30), 3),
    ),
}
# What each action's owner reported, by the action's title.
UPDATES = {
    "Nabor ključnih kazalnikov uspešnosti za vodstvo": (
        Update(D(2026, 1, 20), "do", 20, "Direktorati so predlagali kazalnike."),
        Update(D(2026, 5, 12), "do", 50, "Nabor kazalnikov je potrdil kolegij ministra."),
        Update(D(2026, 11, 18), "check", 80, "Prvo četrtletno poročilo obravnavano na kolegiju."),
    ),
    "Notranji portal za izmenjavo znanja": (
        Update(D(2026, 3, 2), "do", 40, "Izbrana rešitev na obstoječem intranetu."),
        Update(D(2026, 9, 30), "done", 100, "Portal deluje; objavljenih je 46 navodil."),
    ),
    "Popis ključnih procesov mestne uprave": (
        Update(D(2026, 1, 15), "do", 25, "Popisani procesi Urada za komunalo, promet in prostor."),
        Update(D(2026, 6, 15), "do", 40, "Popis se je zaradi kadrovskih sprememb ustavil."),
    ),
    "Spletni obrazec za pripombe in pohvale občanov": (
        Update(D(2026, 3, 10), "do", 60, "Obrazec je pripravljen in čaka na objavo."),
    ),
    "Merjenje zadovoljstva zaposlenih vsako drugo leto": (
        Update(D(2026, 6, 10), "do", 50, "Vprašalnik je usklajen s sindikatom."),
        Update(D(2026, 10, 21), "done", 100, "Anketa izvedena, rezultati predstavljeni zaposlenim."),
    ),
    "Anketa o zadovoljstvu podjetij s podpornimi storitvami": (
        Update(D(2026, 11, 26), "do", 30, "Vzorec podjetij je izbran, vprašalnik v pripravi."),
    ),
}
# What an action on a subcriterion (its first) is to achieve.
EFFECTS = {
    "1.1": "Zaposleni poznajo usmeritve organizacije in jih upoštevajo pri delu.",
    "1.2": "Vodstvo vsako četrtletje spremlja doseganje ciljev.",
    "3.2": "Vsak zaposleni pozna svoje cilje in možnosti razvoja.",
    "4.4": "Znanje ostane v organizaciji tudi ob odhodih zaposlenih.",
    "5.1": "Krajši roki reševanja zadev in enotni postopki v vseh enotah.",
    "6.1": "Storitve urejamo po odzivih uporabnikov.",
    "7.1": "Vodstvo pozna mnenje zaposlenih in se nanj odzove.",
}
AREAS = {
    "1.1": "Zaposleni premalo poznajo poslanstvo, vizijo in vrednote organizacije.",
    "1.2": "Vodstvo nima nabora ključnih kazalnikov, s katerimi bi spremljalo doseganje ciljev.",
    "3.2": "Letni razgovori niso opravljeni z vsemi zaposlenimi.",
    "4.4": "Znanje je vezano na posameznike; ob odsotnostih in odhodih se izgublja.",
    "5.1": "Ključni delovni procesi niso popisani, zato se postopki med enotami razlikujejo.",
    "6.1": "Zadovoljstva uporabnikov z našimi storitvami ne merimo redno.",
    "7.1": "Zadovoljstva zaposlenih nismo merili že več let.",
    "9.2": "Podatkov o učinkovitosti dela (roki, stroški) ne zbiramo sistematično.",
}
STRENGTHS = {"5.2": "Uporabniki v odzivih pogosto pohvalijo prijaznost in strokovnost zaposlenih."}

# --- events --------------------------------------------------------------------------------------------

PAST, INTRODUCTION, TRAINING = "past", "introduction", "training"
VENUE = "Ljubljana, Tržaška cesta 21, velika predavalnica"
TRAINING_TEXT = (
    "Brezplačno dvodnevno usposabljanje za člane skupin za samoocenjevanje. Prvi dan: model CAF 2020, merila in "
    "podmerila ter zbiranje dokazil. Drugi dan: individualno ocenjevanje, sestanek za doseganje soglasja "
    "in predlogi za načrt izboljšav. Udeleženci prejmejo potrdilo o udeležbi."
)


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    title: str
    description: str
    place: str
    online_link: str
    capacity: int
    audience: str
    registration_closes: date
    sessions: tuple[tuple[date, tuple[int, int], tuple[int, int]], ...]  # day, starts (h, min), ends (h, min)
    created: date


EVENTS = {
    PAST: DemoEvent(
        "training",
        "Dvodnevno usposabljanje za člane skupin za samoocenjevanje (2026)",
        TRAINING_TEXT,
        VENUE,
        "",
        24,
        "sag_members",
        date(2026, 3, 6),
        ((date(2026, 3, 17), (9, 0), (16, 0)), (date(2026, 3, 18), (9, 0), (15, 0))),
        date(2026, 1, 20),
    ),
    INTRODUCTION: DemoEvent(
        "introduction",
        "Uvodno srečanje: samoocenjevanje po modelu CAF",
        "Srečanje za predstavnike vodstva za kakovost. Predstavili bomo model CAF 2020, potek samoocenjevanja "
        "po korakih, vlogo predstavnika za kakovost in skupine za samoocenjevanje ter podporo, ki jo organizacije "
        "dobijo med samoocenjevanjem. Srečanja se lahko udeležite v predavalnici ali prek spleta.",
        "Ljubljana, Tržaška cesta 21, sejna soba 3",
        "https://video.example.org/kakovost/uvodno-srecanje-caf",
        40,
        "representatives",
        date(2027, 1, 18),
        ((date(2027, 1, 21), (9, 0), (12, 30)),),
        date(2026, 11, 23),
    ),
    TRAINING: DemoEvent(
        "training",
        "Dvodnevno usposabljanje za člane skupin za samoocenjevanje",
        TRAINING_TEXT + " Mest je 20; ko so zasedena, se prijave uvrstijo na čakalni seznam.",
        VENUE,
        "",
        20,
        "sag_members",
        date(2027, 3, 5),
        ((date(2027, 3, 16), (9, 0), (16, 0)), (date(2027, 3, 17), (9, 0), (15, 0))),
        date(2026, 11, 23),
    ),
}

# Who registered, in order: (organisation key, day, the people's names). For last year's training the
# organisations now under way registered their self-assessment groups ("" here).
PAST_REGISTRATIONS = [
    ("Občina Radovljica", D(2026, 2, 10), ""),
    ("UE Murska Sobota", D(2026, 2, 12), "Suzana Kerec, Dejan Horvat, Valentina Vöröš"),
    ("UE Kranj", D(2026, 2, 17), ""),
    ("Občina Škofja Loka", D(2026, 2, 19), "Jernej Bogataj, Maja Dolenc"),
    ("ZRSŠ", D(2026, 2, 24), ""),
    ("DRSV", D(2026, 3, 2), ""),
    ("CSD Dolenjska in Bela krajina", D(2026, 3, 4), "Polona Gorenc, Mojca Pavlin, Jože Kastelec"),
]
# Not there on the first or the second day (by name).
PAST_ABSENT = ({"Jože Kastelec"}, {"Jože Kastelec", "Rok Šolar", "Maja Dolenc"})

INTRODUCTION_REGISTRATIONS = [  # representatives register themselves
    ("Upravna enota Spodnja Dolina (demo)", D(2026, 11, 24)),
    ("Občina Žalec", D(2026, 11, 24)),
    ("Občina Idrija", D(2026, 11, 26)),
    ("Občina Škofja Loka", D(2026, 11, 30)),
    ("JSKD", D(2026, 12, 1)),
    ("CSD Dolenjska in Bela krajina", D(2026, 12, 2)),
]

TRAINING_REGISTRATIONS = [
    ("Občina Žalec", D(2026, 11, 25), "Gregor Jelen, Mateja Krajnc, Uroš Pečovnik, Sonja Cizej"),
    ("Občina Idrija", D(2026, 11, 27), "Maja Kavčič, Damjan Kenda, Tea Vončina"),
    ("Občina Zgornja Dolina (demo)", D(2026, 11, 30), "Tina Bizjak, Gregor Kovačič"),
    ("JSKD", D(2026, 12, 1), "Barbara Hribar, Nika Cerar, Jan Zorko"),
    ("UE Murska Sobota", D(2026, 12, 1), "Tjaša Kolenko, Kristjan Gomboc, Lea Kuhar, Anita Sever"),
    ("Občina Škofja Loka", D(2026, 12, 2), "Maja Dolenc, Andrej Šubic, Nives Demšar, Klemen Bertoncelj"),
    ("CSD Dolenjska in Bela krajina", D(2026, 12, 3), "Tanja Hočevar, Ana Kump, Matej Bukovec, Špela Fink"),
]
# A place given up: the first on the waiting list moves up.
TRAINING_CANCELLED = ("Občina Idrija", "Tea Vončina")

# --- the engagement log ---------------------------------------------------------------------------

# (organisation key, kind of contact, day): what was said, done or agreed.
CONTACTS = {
    ("Občina Žalec", "call", D(2026, 9, 24)): (
        "Gregor Jelen se je zanimal za samoocenjevanje po modelu CAF. Poslali smo mu gradivo in ga povabili, "
        "da občina imenuje predstavnika za kakovost."
    ),
    ("GURS", "call", D(2026, 10, 6)): (
        "Poročilo je vodstvo sprejelo aprila, načrta izboljšav pa še ni: čakajo na novo sistemizacijo. "
        "Predlagali smo, da načrt pripravijo vsaj za ukrepe brez kadrovskih posledic."
    ),
    ("UE Velenje", "meeting", D(2026, 11, 10)): (
        "Srečanje na upravni enoti: načrt je potrjen, ukrepi pa še niso stekli. Nosilca ukrepov bosta do "
        "konca leta poročala o napredku."
    ),
    ("Občina Radovljica", "visit", D(2026, 11, 18)): (
        "Skupina je zaradi poletnih odsotnosti ocenila šele prvi dve merili. Dogovor: individualno ocenjevanje "
        "do 15. januarja, sestanek za doseganje soglasja do konca januarja; ponudili smo zunanjega moderatorja."
    ),
    ("GURS", "email", D(2026, 11, 20)): (
        "Poslali smo primer načrta izboljšav podobne organizacije in predlog, da ga obravnavajo na decembrskem "
        "kolegiju."
    ),
    ("Občina Kamnik", "email", D(2026, 11, 30)): (
        "Mag. Petri Lenarčič smo poslali gradivo za uvodno srečanje in povezavo do posnetka lanske predstavitve."
    ),
    ("MO Celje", "call", D(2026, 12, 2)): (
        "Direktorica mestne uprave je pojasnila, zakaj so povabilo odklonili (reorganizacija). Dogovor: povabimo "
        "jih znova jeseni 2027."
    ),
    ("MO Maribor", "note", D(2026, 12, 4)): (
        "O napredku ukrepov od junija ni novic. Na srečanju predstavnikov za kakovost povprašati o popisu procesov."
    ),
}

# --- the Bulgarian municipality's self-assessment ---------------------------------------------------

BG_TITLE = "Самооценка по модела CAF 2026"
BG_GROUP = "Работна група за самооценка"
BG_TIMELINE = Timeline(D(2026, 10, 12), D(2026, 11, 16), INDIVIDUAL, 45, D(2027, 1, 29))
BG_QUALITY_AREA = ("Административно обслужване", MIDDLE)  # the quality representative's seat
# name, e-mail, functional area, staff level
BG_TEAM = [
    ("Иван Георгиев", "ivan.georgiev@gorna-dolina.example.org", "Местни данъци и такси", FRONT),
    ("Елена Димитрова", "elena.dimitrova@gorna-dolina.example.org", "Устройство на територията", MIDDLE),
    ("Петър Стоянов", "petar.stoyanov@gorna-dolina.example.org", "Образование", MIDDLE),
    ("Десислава Николова", "desislava.nikolova@gorna-dolina.example.org", "Социални дейности", FRONT),
    ("Николай Тодоров", "nikolay.todorov@gorna-dolina.example.org", "Финанси", MIDDLE),
    ("Гергана Христова", "gergana.hristova@gorna-dolina.example.org", "Човешки ресурси", SUPPORT),
    ("Димитър Колев", "dimitar.kolev@gorna-dolina.example.org", "Информационни технологии", SUPPORT),
    ("Силвия Маринова", "silviya.marinova@gorna-dolina.example.org", "Правно обслужване", MIDDLE),
    ("Стефан Илиев", "stefan.iliev@gorna-dolina.example.org", "Европейски програми и проекти", FRONT),
]
# The first three members have scored the first criterion so far.
BG_SCORES = {"1.1": (45, 50, 40), "1.2": (40, 45, 35), "1.3": (50, 55, 45), "1.4": (35, 45, 40)}
