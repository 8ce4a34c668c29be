"""What the demo's news, newsletters, subscribers, recognitions and event feedback say (data only;
`coordination_news.py` seeds it through the services).

The Slovenian demo network's quality unit: news items from the spring to December 2026, three monthly
newsletters sent in September, October and November and a draft for December, the people who
subscribed (and a few who left or never confirmed), the national CAF recognitions with the awards for
2024 and 2025, and what the participants of last March's two-day training said about it. The Bulgarian
demo network: two news items.

Everything is invented and generic: the unit speaks of "the ministry" and its own network, names no
real person, and attributes no decision to a real institution. Organisations are referred to by their
short names (the coordination demo's keys, and the demo municipality's short name). Dates are those of
the story as told on 7 December 2026, like the coordination demo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

D = date
PUBLIC, NETWORK = "public", "network"
CAMPAIGN, TRAINING = "campaign", "training"  # what a news item announces


@dataclass(frozen=True)
class News:
    key: str
    written: date
    published: date | None  # None: still a draft
    audience: str
    texts: dict[str, dict[str, str]]  # {"sl": {"title": …, "summary": …, "body": …}}
    announces: str = ""  # CAMPAIGN or TRAINING


def _version(title: str, summary: str, body: str) -> dict[str, str]:
    return {"title": title, "summary": summary, "body": body}


# --- the Slovenian network's news -----------------------------------------------------------------------

AWARDS_NEWS = News(
    "awards",
    D(2026, 4, 17),
    D(2026, 4, 21),
    PUBLIC,
    {
        "sl": _version(
            "Podelili smo priznanja CAF za leto 2025",
            "Na spomladanskem srečanju mreže za kakovost je pet organizacij prejelo priznanja za uporabo modela "
            "CAF v letu 2025.",
            """Na spomladanskem srečanju mreže za kakovost smo 21. aprila podelili priznanja CAF za leto 2025. \
Priznanja prejmejo organizacije, ki so v preteklem letu izvedle samoocenjevanje po modelu CAF, o njem \
poročale vodstvu in pripravile načrt izboljšav.

Priznanje Začetnik CAF sta prejeli dve organizaciji, ki sta se po modelu CAF samoocenili prvič, priznanje \
Uporabnik CAF dve organizaciji, ki sta samoocenjevanje ponovili, priznanje Uspešen uporabnik CAF pa \
organizacija, ki je uspešno opravila postopek zunanje povratne informacije CAF in pridobila oznako \
»Učinkovit uporabnik CAF«.

Seznam prejemnikov je objavljen na strani s priznanji mreže. Nagrajenim organizacijam čestitamo, \
predstavnikom za kakovost in članom skupin za samoocenjevanje pa se zahvaljujemo za njihovo delo.""",
        ),
        "en": _version(
            "CAF recognitions for 2025 awarded",
            "At the quality network's spring meeting, five organisations received recognitions for their use of "
            "CAF in 2025.",
            """At the quality network's spring meeting on 21 April we presented the CAF recognitions for 2025. \
They go to organisations that carried out a self-assessment with the CAF model in the year before, \
reported on it to their management and drew up an improvement plan.

Two organisations that self-assessed with CAF for the first time received the CAF Beginner recognition, \
two that repeated their self-assessment the CAF User recognition, and one organisation that passed the CAF \
external feedback procedure and was granted the Effective CAF User label received the Successful CAF User \
recognition.

The list of recipients is published on the network's recognitions page. Congratulations to the \
organisations, and thanks to their quality representatives and self-assessment groups for their work.""",
        ),
    },
)

NEWS = [
    AWARDS_NEWS,
    News(
        "guide",
        D(2026, 8, 28),
        D(2026, 9, 3),
        PUBLIC,
        {
            "sl": _version(
                "Prenovljen vodnik po samoocenjevanju po modelu CAF 2020",
                "Vodnik korak za korakom opiše samoocenjevanje, od imenovanja skupine do načrta izboljšav, z "
                "vzorci dokumentov in primeri dokazil.",
                """Pripravili smo prenovljeno izdajo vodnika po samoocenjevanju po modelu CAF 2020. Namenjen je \
predstavnikom vodstva za kakovost in članom skupin za samoocenjevanje ter korak za korakom opiše celoten \
postopek: od odločitve vodstva in imenovanja skupine prek individualnega ocenjevanja in sestanka \
za doseganje soglasja do poročila o samooceni in načrta izboljšav.

Nova izdaja upošteva izkušnje organizacij, ki so se samoocenjevale v zadnjih dveh letih. Dodali smo \
primere dokazil za vsako merilo, vzorec sklepa o imenovanju skupine, predlogo poročila za vodstvo in \
nasvete za vodenje sestanka za doseganje soglasja.

Vodnik je na voljo brezplačno. Organizacije mreže samoocenjevanje po istih korakih vodijo tudi na \
platformi OpenCAF.""",
            ),
            "en": _version(
                "Updated guide to self-assessment with CAF 2020",
                "The guide takes you through the self-assessment step by step, from forming the group to the "
                "improvement plan, with document templates and examples of evidence.",
                """We have published an updated edition of our guide to self-assessment with CAF 2020. It is \
written for quality representatives of management and members of self-assessment groups and walks through \
the whole process: from management's decision and forming the group, through individual assessment and the \
consensus meeting, to the self-assessment report and the improvement plan.

The new edition draws on the experience of the organisations that self-assessed in the last two years. It \
adds examples of evidence for every criterion, a template decision appointing the group, a template report \
for management and advice on chairing the consensus meeting.

The guide is free. The network's organisations follow the same steps on the OpenCAF platform.""",
            ),
        },
    ),
    News(
        "round_table",
        D(2026, 9, 16),
        D(2026, 9, 17),
        NETWORK,
        {
            "sl": _version(
                "Okrogla miza predstavnikov za kakovost: načrt izboljšav v praksi",
                "8. oktobra vabimo predstavnike za kakovost na izmenjavo izkušenj o tem, kako načrt izboljšav "
                "spraviti v delo.",
                """Predstavnike vodstva za kakovost vabimo na okroglo mizo, ki bo v četrtek, 8. oktobra 2026, \
od 10.00 do 12.30 v Ljubljani. Tema bo načrt izboljšav: kako izbrati ukrepe, ki jih organizacija zmore, \
kako določiti nosilce in roke ter kako o napredku redno poročati vodstvu.

Svoje izkušnje bodo predstavile tri organizacije mreže, ki načrte izboljšav izvajajo že več kot leto dni. \
Sledil bo pogovor v manjših skupinah.

Prijave zbiramo do 1. oktobra na naslovu kakovost@example.org. Mest je 30.""",
            )
        },
    ),
    News(
        "sharing",
        D(2026, 10, 12),
        D(2026, 10, 13),
        NETWORK,
        {
            "sl": _version(
                "Deljenje področij za izboljšanje z mrežo",
                "Organizacije lahko odslej dovolijo, da se njihova dogovorjena področja za izboljšanje, brez "
                "imena organizacije, upoštevajo v skupnem pregledu mreže.",
                """Na platformi OpenCAF lahko administrator organizacije odslej dovoli, da se področja za \
izboljšanje, o katerih se je skupina dogovorila na sestanku za doseganje soglasja, upoštevajo v skupnem \
pregledu mreže. Pregled pokaže, katera podmerila modela CAF organizacije najpogosteje navajajo kot področja \
za izboljšanje.

Ime organizacije v pregledu ni navedeno. Podatki so prikazani šele, ko jih deli dovolj organizacij, da \
posamezne organizacije ni mogoče prepoznati.

Pregled nam bo pomagal pri izbiri tem za usposabljanja in srečanja mreže. Soglasje lahko administrator \
kadar koli prekliče na strani organizacije.""",
            )
        },
    ),
    News(
        "conference",
        D(2026, 10, 20),
        D(2026, 10, 22),
        PUBLIC,
        {
            "sl": _version(
                "Letna konferenca mreže za kakovost: kakovost, ki jo opazijo uporabniki",
                "Več kot sto udeležencev je razpravljalo o tem, kako samoocenjevanje po modelu CAF pripelje do "
                "boljših storitev za uporabnike.",
                """Na letošnji konferenci mreže za kakovost, ki je bila 15. oktobra v Ljubljani, se je zbralo \
več kot sto predstavnikov ministrstev, upravnih enot, občin, javnih agencij in šol. Osrednja tema je bila \
povezava med samoocenjevanjem in storitvami, kot jih doživljajo uporabniki.

Uvodoma smo predstavili model CAF 2020 s poudarkom na merilih, ki se nanašajo na državljane in uporabnike \
storitev. Sledile so predstavitve dobrih praks: merjenje zadovoljstva strank na upravni enoti, popis in \
poenostavitev postopkov v občinski upravi ter spletni obrazec za pripombe in pohvale občanov.

Gradivo s konference bomo objavili na spletni strani mreže.""",
            )
        },
    ),
    News(
        "campaign",
        D(2026, 11, 20),
        D(2026, 11, 23),
        PUBLIC,
        {
            "sl": _version(
                "Povabilo k sodelovanju 2027: samoocenjevanje po modelu CAF",
                "Organizacije javne uprave vabimo, da se v letu 2027 lotijo samoocenjevanja po modelu CAF in do "
                "28. januarja 2027 imenujejo predstavnika vodstva za kakovost.",
                """Ministrstvo je organizacijam javne uprave poslalo povabilo k sodelovanju v letu 2027. \
Organizacije, ki se odločijo za samoocenjevanje po modelu CAF, do 28. januarja 2027 imenujejo predstavnika \
vodstva za kakovost, ki bo v organizaciji skrbel za potek samoocenjevanja.

Imenovane predstavnike bomo 21. januarja 2027 povabili na uvodno srečanje, kjer bomo predstavili model \
CAF 2020, potek samoocenjevanja po korakih in podporo, ki jo organizacije dobijo med samoocenjevanjem. \
Marca 2027 bo za člane skupin za samoocenjevanje potekalo brezplačno dvodnevno usposabljanje.

Organizacije, ki povabila niso prejele, pa bi se rade pridružile, nam lahko pišejo na \
kakovost@example.org.""",
            )
        },
        announces=CAMPAIGN,
    ),
    News(
        "training",
        D(2026, 11, 23),
        D(2026, 11, 24),
        NETWORK,
        {
            "sl": _version(
                "Brezplačno dvodnevno usposabljanje za člane skupin za samoocenjevanje",
                "16. in 17. marca 2027 v Ljubljani; prijave do 5. marca 2027, mest je 20.",
                """Člane skupin za samoocenjevanje vabimo na brezplačno dvodnevno usposabljanje, ki bo 16. in \
17. marca 2027 v Ljubljani. Prvi dan bomo predstavili model CAF 2020, merila in podmerila ter zbiranje \
dokazil, drugi dan pa individualno ocenjevanje, sestanek za doseganje soglasja in pripravo predlogov za načrt izboljšav.

Udeležence prijavi predstavnik za kakovost njihove organizacije na strani usposabljanja na platformi \
OpenCAF, najpozneje do 5. marca 2027. Mest je 20; ko so zasedena, se prijave uvrstijo na čakalni seznam, \
s katerega se udeleženci samodejno premaknejo, ko se kdo odjavi.

Udeleženci, ki bodo prisotni oba dneva, prejmejo potrdilo o udeležbi.""",
            )
        },
        announces=TRAINING,
    ),
    News(
        "call",
        D(2026, 12, 2),
        D(2026, 12, 3),
        PUBLIC,
        {
            "sl": _version(
                "Priznanja CAF za leto 2026: sporočite nam svoje dosežke",
                "Organizacije, ki so v letu 2026 izvedle samoocenjevanje po modelu CAF, nam lahko do 31. januarja "
                "2027 pošljejo poročilo o samooceni in načrt izboljšav.",
                """Tudi letos bomo podelili priznanja Začetnik CAF, Uporabnik CAF in Uspešen uporabnik CAF. \
Upoštevali bomo organizacije, ki so v letu 2026 izvedle samoocenjevanje po modelu CAF ali uspešno opravile \
postopek zunanje povratne informacije CAF.

Organizacijam, ki samoocenjevanje vodijo na platformi OpenCAF, poročila ni treba pošiljati posebej: \
dovolj je, da ga vodstvo na platformi sprejme in potrdi načrt izboljšav. Druge organizacije nam poročilo \
o samooceni in načrt izboljšav pošljejo do 31. januarja 2027 na naslov kakovost@example.org.

Priznanja bomo podelili na spomladanskem srečanju mreže.""",
            )
        },
    ),
    News(
        "year",
        D(2026, 12, 4),
        None,
        PUBLIC,
        {
            "sl": _version(
                "Leto 2026 v mreži za kakovost",
                "Pregled leta: nove organizacije v mreži, usposabljanja, konferenca in prvi skupni pregled področij "
                "za izboljšanje.",
                """V letu 2026 je samoocenjevanje po modelu CAF začelo ali končalo več kot deset organizacij \
mreže. Marca je dvodnevno usposabljanje opravilo več kot dvajset članov skupin za samoocenjevanje, oktobra \
pa smo se srečali na letni konferenci.

[Dopolnimo s številkami ob koncu leta: nove organizacije, sprejeta poročila, potrjeni načrti izboljšav.]""",
            )
        },
    ),
]

# --- the newsletters -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    month: date
    written: date
    sent: date | None  # None: the draft
    items: tuple[str, ...]  # news keys
    subject: str
    introduction: str
    closing: str


SIGNATURE = "Sektor za kakovost"
ISSUES = [
    Issue(
        D(2026, 9, 1),
        D(2026, 9, 24),
        D(2026, 9, 30),
        ("guide", "round_table"),
        "Novice mreže za kakovost – september 2026",
        """Spoštovani,

po poletnem premoru se mreža za kakovost vrača z novostmi. Pripravili smo prenovljen vodnik po \
samoocenjevanju po modelu CAF 2020, predstavnike za kakovost pa vabimo na oktobrsko okroglo mizo o \
načrtih izboljšav.""",
        f"""Želimo vam uspešen začetek jeseni. Vprašanja, predloge in novice iz vaših organizacij nam pišite \
na kakovost@example.org.

{SIGNATURE}""",
    ),
    Issue(
        D(2026, 10, 1),
        D(2026, 10, 26),
        D(2026, 10, 30),
        ("sharing", "conference"),
        "Novice mreže za kakovost – oktober 2026",
        """Spoštovani,

oktober je bil v znamenju letne konference mreže, na kateri smo govorili o storitvah, kot jih doživljajo \
uporabniki. Organizacije lahko odslej z mrežo delijo svoja področja za izboljšanje, brez imena \
organizacije.""",
        f"""Hvala vsem, ki ste prišli na okroglo mizo predstavnikov za kakovost in na konferenco. Gradivo \
bomo objavili v kratkem.

{SIGNATURE}""",
    ),
    Issue(
        D(2026, 11, 1),
        D(2026, 11, 24),
        D(2026, 11, 27),
        ("campaign", "training"),
        "Novice mreže za kakovost – november 2026",
        """Spoštovani,

ministrstvo je organizacijam javne uprave poslalo povabilo k sodelovanju v letu 2027, za člane skupin za \
samoocenjevanje pa so odprte prijave na marčevsko dvodnevno usposabljanje.""",
        f"""Predstavnike za kakovost, imenovane do 28. januarja, vabimo na uvodno srečanje 21. januarja 2027. \
Se vidimo!

{SIGNATURE}""",
    ),
    Issue(
        D(2026, 12, 1),
        D(2026, 12, 4),
        None,
        ("call",),
        "Novice mreže za kakovost – december 2026",
        """Spoštovani,

ob koncu leta vas vabimo, da nam sporočite, kaj ste v letu 2026 naredili na poti s CAF: zbiramo predloge \
za priznanja CAF za leto 2026.""",
        f"""Želimo vam mirne praznike in uspešno leto 2027.

{SIGNATURE}""",
    ),
]

# --- the subscribers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    name: str  # a person's name; with no domain, the whole address
    domain: str  # their organisation's (coordination demo's) e-mail domain; "" for an address given whole
    requested: date
    language: str = "sl"
    confirmed: bool = True  # clicked the link in the confirmation e-mail (a few minutes later)
    unsubscribed: date | None = None


R = Reader
READERS = [
    # Until the September issue: representatives and group members of organisations under way, the demo
    # municipality's quality representative, people from elsewhere in the public sector and abroad.
    R("quality@example.org", "", D(2026, 1, 12)),
    R("Klavdija Mulej", "radovljica", D(2026, 1, 20)),
    R("Aleš Jereb", "ue-kranj", D(2026, 1, 23)),
    R("Suzana Kerec", "ue-murskasobota", D(2026, 1, 27)),
    R("Jernej Bogataj", "skofjaloka", D(2026, 2, 3)),
    R("Irena Bohinc", "zrss", D(2026, 2, 4)),
    R("Polona Gorenc", "csd-dbk", D(2026, 2, 10)),
    R("anna.lindqvist@example.org", "", D(2026, 2, 12), "en"),
    R("Tomaž Kline", "drsv", D(2026, 2, 17)),
    R("Anja Pogačar", "radovljica", D(2026, 2, 24)),
    R("Eva Pretnar", "ue-kranj", D(2026, 3, 2), unsubscribed=D(2026, 10, 8)),
    R("Lea Bizjak", "zrss", D(2026, 3, 3)),
    R("Mateja Rupnik", "gurs", D(2026, 3, 9)),
    R("Kristina Pahor", "gurs", D(2026, 3, 19)),
    R("Damjana Košir", "zrsz", D(2026, 3, 24)),
    R("Sabina Koren", "zrsz", D(2026, 4, 1)),
    R("mark.oconnor@example.org", "", D(2026, 4, 14), "en", unsubscribed=D(2026, 11, 12)),
    R("Bojan Kotnik", "ue-velenje", D(2026, 4, 22)),
    R("Alenka Pirnat", "ue-velenje", D(2026, 4, 22)),
    R("Lidija Hren", "konjice", D(2026, 5, 6)),
    R("Špela Pečnik", "konjice", D(2026, 5, 13)),
    R("tina.vrhovnik@example.org", "", D(2026, 5, 20)),
    R("Simona Trček", "mnvp", D(2026, 6, 2)),
    R("Ana Vidic", "mnvp", D(2026, 6, 9)),
    R("sofia.marques@example.org", "", D(2026, 6, 16), "en"),
    R("Andreja Kramberger", "maribor", D(2026, 6, 30)),
    R("Tamara Lah", "maribor", D(2026, 7, 7)),
    R("Nejc Ferjan", "spirit", D(2026, 8, 25)),
    R("Eva Marolt", "spirit", D(2026, 9, 8)),
    R("outsider@example.org", "", D(2026, 9, 21)),
    # October.
    R("Gregor Jelen", "zalec", D(2026, 10, 6)),
    R("leader@example.org", "", D(2026, 10, 9)),
    R("Nina Jerman", "drsv", D(2026, 10, 14)),
    R("piotr.nowak@example.org", "", D(2026, 10, 16), "en"),
    R("Maja Kavčič", "idrija", D(2026, 10, 20)),
    R("matej.gorjup@example.org", "", D(2026, 10, 27)),
    # November.
    R("Barbara Hribar", "jskd", D(2026, 11, 10)),
    R("Helena Vrhovec", "zrss", D(2026, 11, 11)),
    R("eva.schneider@example.org", "", D(2026, 11, 17), "en"),
    R("Robert Kuhar", "maribor", D(2026, 11, 19)),
    R("mag. Petra Lenarčič", "kamnik", D(2026, 11, 26)),
    R("Mitja Zupančič", "ue-novomesto", D(2026, 11, 26)),
    # Asked, never confirmed (yet).
    R("Tanja Pirc", "brezice", D(2026, 11, 30), confirmed=False),
    R("Nataša Jazbec", "os-sevnica", D(2026, 12, 2), confirmed=False),
    R("Urška Bratož", "postojna", D(2026, 12, 5), confirmed=False),
]

# --- the recognitions ---------------------------------------------------------------------------------------

SCHEME_CREATED = D(2024, 11, 4)
BEGINNER, USER, SUCCESSFUL = 1, 2, 3  # the preset's levels, by position


@dataclass(frozen=True)
class Recognition:
    level: int
    organisation: str  # short name
    year: int
    ceremony: date
    decided: date  # when the coordinator recorded it
    criteria_met: tuple[int, ...]  # indices into the level's checklist
    citation: str
    note: str = ""  # why not every criterion is ticked


CEREMONY_2024, DECIDED_2024 = D(2025, 4, 15), D(2025, 3, 31)
CEREMONY_2025, DECIDED_2025 = D(2026, 4, 21), D(2026, 4, 10)
AWARDS = [
    Recognition(
        BEGINNER,
        "Občina Zgornja Dolina",
        2024,
        CEREMONY_2024,
        DECIDED_2024,
        (0, 1, 2, 3),
        "Za prvo samoocenjevanje po modelu CAF, v katerem je skupina zaposlenih z vseh oddelkov občinske uprave "
        "pripravila poročilo o samooceni in načrt izboljšav.",
    ),
    Recognition(
        BEGINNER,
        "MNVP",
        2025,
        CEREMONY_2025,
        DECIDED_2025,
        (0, 1, 2, 3),
        "Za prvo samoocenjevanje po modelu CAF in načrt izboljšav, ki vodstvu prinaša nabor ključnih kazalnikov "
        "uspešnosti.",
    ),
    Recognition(
        BEGINNER,
        "MO Maribor",
        2025,
        CEREMONY_2025,
        DECIDED_2025,
        (0, 1, 2, 3),
        "Za prvo samoocenjevanje po modelu CAF in načrt izboljšav, ki se začne s popisom ključnih procesov "
        "mestne uprave.",
    ),
    Recognition(
        USER,
        "SPIRIT Slovenija",
        2025,
        CEREMONY_2025,
        DECIDED_2025,
        (0, 1, 2, 3, 4),
        "Za ponovno samoocenjevanje po modelu CAF, v katerem je agencija pregledala izvedbo ukrepov prejšnjega "
        "načrta in si zastavila nove, usmerjene v zadovoljstvo podjetij in zaposlenih.",
    ),
    Recognition(
        USER,
        "UE Velenje",
        2025,
        CEREMONY_2025,
        DECIDED_2025,
        (0, 1, 2),
        "Za ponovno samoocenjevanje po modelu CAF, v katerem je skupina posebej pregledala postopke izdaje "
        "gradbenih dovoljenj in odnos do strank.",
        "Samoocenjevanje je upravna enota opravila v letu 2025, poročilo je vodstvo sprejelo marca 2026. Načrt "
        "izboljšav je ob odločitvi o priznanju še v pripravi; vodstvo naj ga potrdi do poletja 2026.",
    ),
    Recognition(
        SUCCESSFUL,
        "Občina Zgornja Dolina",
        2025,
        CEREMONY_2025,
        DECIDED_2025,
        (0, 1),
        "Za uspešno opravljen postopek zunanje povratne informacije CAF in oznako »Učinkovit uporabnik CAF«, "
        "pridobljeno kmalu po prvem samoocenjevanju.",
    ),
]

# --- feedback on last March's two-day training ---------------------------------------------------------------

FEEDBACK_REQUESTED = D(2026, 3, 18)  # after the second day ended


@dataclass(frozen=True)
class Answer:
    on: date  # the day it was given
    overall: int  # 1-5
    usefulness: int
    organisation: int
    liked: str = ""
    improve: str = ""


A = Answer
ANSWERS = [
    A(D(2026, 3, 18), 5, 5, 5, "Praktični primeri dokazil in vaja sestanka za doseganje soglasja."),
    A(D(2026, 3, 18), 5, 4, 5, "Točkovanje je bilo razloženo zelo razumljivo.", "Več časa za vprašanja iz prakse."),
    A(D(2026, 3, 19), 4, 4, 4, "Delo v skupinah z drugimi organizacijami.", "Gradivo nekaj dni pred usposabljanjem."),
    A(D(2026, 3, 19), 4, 5, 3, "Primeri podmeril za upravne enote.", "Predavalnica je bila premajhna."),
    A(D(2026, 3, 19), 5, 5, 4),
    A(
        D(2026, 3, 19),
        3,
        4,
        4,
        "Vaja sestanka za doseganje soglasja drugi dan.",
        "Prvi dan je bilo preveč teorije naenkrat.",
    ),
    A(D(2026, 3, 20), 4, 4, 5, "Jasna navodila za delo na platformi."),
    A(D(2026, 3, 20), 5, 4, 4, "Izkušnje organizacij, ki so se že samoocenile.", "Krajši odmor za kosilo, prej konec."),
    A(D(2026, 3, 23), 4, 3, 4, "", "Več primerov iz šol in javnih zavodov, ne samo iz uprave."),
    A(D(2026, 3, 23), 5, 5, 5, "Vse."),
    A(D(2026, 3, 24), 4, 4, 3, "Primeri dobre prakse.", "Navodila o lokaciji in parkiranju pred usposabljanjem."),
    A(D(2026, 3, 25), 3, 3, 4, "", "Model CAF bi lahko predstavili krajše in pustili več časa za ocenjevanje."),
    A(D(2026, 3, 26), 4, 5, 4, "Vaja individualnega ocenjevanja na konkretnem podmerilu."),
    A(D(2026, 3, 30), 5, 4, 5, "Prijazna in strokovna izvedba."),
]

# --- consent to share the areas for improvement --------------------------------------------------------------

# Organisations with a finished self-assessment consented after the news of 13 October, one every few days.
CONSENT_FROM = D(2026, 10, 14)
CONSENT_EVERY_DAYS = 4

# --- the Bulgarian network's news ------------------------------------------------------------------------------

BG_NEWS = [
    News(
        "bg_platform",
        D(2026, 10, 5),
        D(2026, 10, 12),
        PUBLIC,
        {
            "bg": _version(
                "Самооценка по модела CAF онлайн за организациите от мрежата",
                "Организациите от мрежата по качеството вече могат да провеждат самооценката си по модела "
                "CAF 2020 в платформата OpenCAF.",
                """От октомври организациите от мрежата по качеството могат да провеждат самооценката си по \
модела CAF 2020 в платформата OpenCAF. Платформата води работната група стъпка по стъпка: от сформирането \
на групата и индивидуалната оценка до консенсусната среща, доклада за самооценка и плана за подобрение.

Всяка организация решава сама кой вижда нейните данни. Координаторът на мрежата вижда докъде е стигнала \
организацията, но не и оценките на отделните членове на работната група.

За въпроси и помощ при започването пишете на koordinator@example.org.""",
            )
        },
    ),
    News(
        "bg_team",
        D(2026, 11, 17),
        D(2026, 11, 18),
        NETWORK,
        {
            "bg": _version(
                "Община Горна Долина (демо) започна самооценка по модела CAF",
                "Работна група от десет служители от всички направления на общинската администрация оценява "
                "общината по модела CAF 2020.",
                """Работната група за самооценка на Община Горна Долина (демо) започна работа на 16 ноември. В \
групата са десет служители от всички направления на общинската администрация – от местните данъци и такси \
и устройството на територията до информационните технологии и европейските програми.

Членовете на групата ще оценят индивидуално всички 28 подкритерия на модела CAF 2020 до края на януари \
2027 г., след което ще се съберат на консенсусна среща. Пожелаваме им успех!""",
            )
        },
    ),
]
