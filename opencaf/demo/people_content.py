"""People development in the demo ministry (data only; `people.py` seeds it through the people services).

*Ministrstvo za javno upravo (demo)*: the secretary-general (top management) and forty employees in
five units, each unit with its head; HR (`hr@example.org`) in the HR service. The story as told on
7 December 2026: HR adopted the starter competency model in January 2026, a workshop discussed it, it
was published on 9 February with four job profiles; the competency review "Ocenjevanje kompetenc 2026"
ran from 2 March to 10 April (every self-assessment and every line manager's assessment submitted) and
closed on 13 April; development plans followed; a focus group on digital skills met in May; HR and the
secretary-general named five key positions in June; a vacancy for a quality adviser was decided on
21 October, so its candidates' data is kept until April 2027.

Dates are naive local times of the story. Every person and every candidate is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

D, T = date, datetime

MINISTRY = "Ministrstvo za javno upravo (demo)"
HR = "hr@example.org"
HEAD = "vodstvo.mju@example.org"  # the secretary-general: top management, line manager of the heads
DOMAIN = "mju"  # the employees' addresses: first.last@mju.example.org
STORY_DAY = D(2026, 12, 7)

# --- units and people --------------------------------------------------------------------------------

DJS, DI, KS, SF, SEK = (
    "Direktorat za javni sektor",
    "Direktorat za informatiko",
    "Kadrovska služba",
    "Služba za finance",
    "Sekretariat",
)
HEAD_PERSON = ("mag. Damjan Krajnik", "generalni sekretar", "Vodstvo ministrstva")
HR_PERSON = "Tanja Kuhelj"  # signs in as hr@example.org

# Job profiles by key: title, job family, description, {competency code: (required level, key)}.
QUALITY, LEAD, IT, SUPPORT = "quality", "lead", "it", "support"
PROFILES: dict[str, tuple[str, str, str, dict[str, tuple[int, bool]]]] = {
    QUALITY: (
        "Svetovalec/svetovalka za kakovost",
        "Razvoj kakovosti in organizacije",
        "Pripravlja analize in predloge za izboljšanje poslovanja organov javne uprave, vodi projekte "
        "samoocenjevanja po modelu CAF in svetuje organom pri uvajanju sistemov kakovosti.",
        {"CORE-1": (3, True), "CORE-2": (3, False), "CORE-3": (3, False), "CORE-4": (3, True),
         "CORE-5": (3, False), "DIG-1": (3, True), "DIG-2": (2, False), "DIG-3": (2, False),
         "DIG-4": (2, False), "DIG-5": (2, False), "LEAD-3": (2, False)},
    ),
    LEAD: (
        "Vodja notranje organizacijske enote",
        "Vodstvena delovna mesta",
        "Vodi direktorat ali službo: načrtuje in usklajuje delo, razporeja ljudi in sredstva, skrbi za "
        "razvoj sodelavcev ter odgovarja generalnemu sekretarju.",
        {"CORE-1": (3, False), "CORE-2": (3, False), "CORE-3": (3, False), "CORE-4": (3, False),
         "CORE-5": (3, True), "LEAD-1": (3, True), "LEAD-2": (3, True), "LEAD-3": (3, False),
         "LEAD-4": (3, True), "DIG-1": (2, False), "DIG-2": (2, False), "DIG-4": (2, False),
         "DIG-5": (2, False)},
    ),
    IT: (
        "Strokovni sodelavec/sodelavka za informatiko",
        "Informatika",
        "Razvija in vzdržuje informacijske rešitve ministrstva, skrbi za varnost sistemov in podatkov ter "
        "uporabnikom pomaga pri delu z digitalnimi orodji.",
        {"CORE-1": (2, False), "CORE-2": (3, False), "CORE-3": (2, False), "CORE-4": (3, False),
         "CORE-5": (3, False), "DIG-1": (3, False), "DIG-2": (3, False), "DIG-3": (3, True),
         "DIG-4": (3, True), "DIG-5": (3, True)},
    ),
    SUPPORT: (
        "Svetovalec/svetovalka v podpornih službah",
        "Kadrovske, finančne in splošne zadeve",
        "Opravlja kadrovske, finančne in splošne naloge ministrstva: pripravlja odločitve, evidence in "
        "poročila ter svetuje sodelavcem drugih enot.",
        {"CORE-1": (3, True), "CORE-2": (3, False), "CORE-3": (3, True), "CORE-4": (3, True),
         "CORE-5": (3, False), "DIG-1": (2, False), "DIG-2": (2, False), "DIG-3": (2, False),
         "DIG-4": (2, False), "DIG-5": (1, False)},
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    position: str  # the position title on their employee record
    profile: str  # a key of PROFILES
    performance: int  # the line manager's view for the talent grid, 1 (low) to 3 (high)
    potential: int
    plan: bool  # a development plan for 2026


P = Person
# Each unit: its head first (line manager of the others; reports to the secretary-general), then its staff.
UNITS: dict[str, tuple[Person, ...]] = {
    DJS: (
        P("dr. Igor Stopar", "generalni direktor", LEAD, 3, 2, True),
        P("Urška Jenko", "višja svetovalka za kakovost", QUALITY, 3, 3, True),
        P("Aljaž Fras", "svetovalec za kakovost", QUALITY, 2, 2, True),
        P("Nika Pavlič", "svetovalka za kakovost", QUALITY, 2, 3, True),
        P("Samo Kogoj", "sekretar, vodja projektov kakovosti", QUALITY, 3, 2, False),
        P("Ema Rebolj", "svetovalka za organizacijo", QUALITY, 2, 2, True),
        P("Davor Ilić", "višji svetovalec za upravne postopke", QUALITY, 2, 1, False),
        P("Polonca Smrekar", "svetovalka za kakovost", QUALITY, 1, 2, True),
        P("Jan Bezjak", "svetovalec za kakovost", QUALITY, 2, 2, False),
        P("Amra Hadžić", "svetovalka za analize", QUALITY, 3, 2, True),
        P("Klemen Plut", "višji svetovalec za kakovost", QUALITY, 2, 2, False),
        P("Zala Cotič", "svetovalka za kakovost", QUALITY, 2, 1, True),
        P("mag. Metod Kobal", "podsekretar za organizacijo", QUALITY, 3, 3, True),
    ),
    DI: (
        P("Mojca Šuštar", "generalna direktorica", LEAD, 3, 3, True),
        P("Blaž Zorko", "sistemski administrator", IT, 2, 2, False),
        P("Anita Selan", "razvijalka aplikacij", IT, 3, 3, True),
        P("Gorazd Pečar", "svetovalec za informacijsko varnost", IT, 3, 2, True),
        P("Lucija Korošec", "analitičarka podatkov", IT, 2, 3, True),
        P("Nejc Mohorič", "razvijalec aplikacij", IT, 2, 2, False),
        P("Teja Kramar", "svetovalka za uporabniško podporo", IT, 1, 2, True),
        P("Edin Begić", "sistemski inženir", IT, 3, 2, False),
        P("Vanja Rupar", "sekretarka, vodja projektov digitalizacije", IT, 3, 3, True),
        P("Primož Hočevar", "arhitekt informacijskih rešitev", IT, 2, 2, False),
        P("Saša Tomažič", "skrbnik omrežja", IT, 1, 1, True),
        P("Kaja Žerjav", "svetovalka za digitalno dostopnost", IT, 2, 3, False),
    ),
    KS: (
        P("Bernarda Lazar", "vodja službe", LEAD, 2, 1, True),
        P(HR_PERSON, "svetovalka za kadrovske zadeve", SUPPORT, 2, 2, True),
        P("Martina Leskošek", "višja svetovalka za izobraževanje", SUPPORT, 3, 2, False),
        P("Boris Cerkvenik", "svetovalec za kadrovske evidence", SUPPORT, 2, 1, True),
        P("Neža Kocjan", "svetovalka za zaposlovanje", SUPPORT, 2, 2, False),
        P("Rebeka Vrečko", "višja svetovalka za plače", SUPPORT, 3, 2, False),
    ),
    SF: (
        P("Zvonko Medved", "vodja službe", LEAD, 3, 1, True),
        P("Milena Zadravec", "višja svetovalka za proračun", SUPPORT, 3, 2, True),
        P("Uroš Jeram", "svetovalec za javna naročila", SUPPORT, 2, 2, False),
        P("Irma Gregorič", "svetovalka za računovodstvo", SUPPORT, 2, 1, False),
        P("Darinka Fink", "svetovalka za plačilni promet", SUPPORT, 1, 2, True),
        P("Aleksander Rus", "svetovalec za finančno poslovanje", SUPPORT, 2, 3, True),
    ),
    SEK: (
        P("Jelka Ambrožič", "vodja Sekretariata", LEAD, 2, 2, False),
        P("Brigita Žnidar", "poslovna sekretarka", SUPPORT, 2, 1, False),
        P("Rene Kotar", "svetovalec za pisarniško poslovanje", SUPPORT, 2, 2, True),
    ),
}

# --- the competency model, the records, the review ----------------------------------------------------

MODEL_ADOPTED = T(2026, 1, 12, 9, 30)
MODEL_PUBLISHED = T(2026, 2, 9, 14)
PROFILES_MADE = T(2026, 2, 11, 10)
EMPLOYEES_RECORDED = T(2026, 2, 16, 11)
HEAD_RECORDED = T(2026, 4, 14, 9)  # the secretary-general's own record, completed after the review

CYCLE_TITLE = "Ocenjevanje kompetenc 2026"
CYCLE_CREATED = T(2026, 2, 23, 13)
CYCLE_OPENS, CYCLE_CLOSES = D(2026, 3, 2), D(2026, 4, 10)
CYCLE_OPENED = T(2026, 3, 2, 8)
CYCLE_CLOSED = T(2026, 4, 13, 8, 30)
SEED = 2026  # the random levels are the same on every run

# A line manager's comment beside a rating below the level the profile requires.
MANAGER_COMMENTS = {
    "CORE-1": "Stranke obravnava korektno, pri zahtevnejših primerih pa še premalo razišče, kaj res potrebujejo.",
    "CORE-2": "Pri skupnih nalogah z drugimi enotami informacije deli prepozno; usklajevanje zato traja dlje.",
    "CORE-3": "Dopisi so strokovno pravilni, a predolgi; pri predstavitvah še potrebuje pomoč.",
    "CORE-4": "Roke večinoma dosega, manj pa preverja, ali je bil cilj naloge res dosežen.",
    "CORE-5": "Pri navzkrižju interesov se še posvetuje; pravila pozna, samostojna presoja pa še raste.",
    "DIG-1": "Podatke iz evidenc še prepisuje ročno; s filtri in vrtilnimi tabelami bi bilo delo precej hitrejše.",
    "DIG-2": "Skupne dokumente še pošilja po e-pošti; urejanje v skupni mapi bi prihranilo usklajevanje različic.",
    "DIG-3": "Dokumenti za objavo na spletu še niso dostopni (naslovi, nadomestna besedila slik).",
    "DIG-4": "Pri pošiljanju osebnih podatkov ne uporablja vedno šifriranja; potrebna je osvežitev znanja.",
    "DIG-5": "Ob težavi z orodjem takoj pokliče podporo; preprostih težav še ne rešuje samostojno.",
    "LEAD-1": "Sodelavcem da prostor, redkeje pa jim da povratno informacijo in jih načrtno razvija.",
    "LEAD-2": "Dobro vodi tekoče delo; cilje enote je treba jasneje povezati s strategijo ministrstva.",
    "LEAD-3": "Spremembe izpelje, a sodelavce vanje vključi pozno.",
    "LEAD-4": "Odločitve sprejema premišljeno, pri načrtovanju sredstev pa se še preveč zanaša na lanski proračun.",
}
# A person's own comment beside a self-rating at or above what the profile requires.
SELF_COMMENTS = {
    "CORE-2": "Vodenje medresorske delovne skupine v letu 2025: stališča štirih ministrstev so usklajena.",
    "CORE-4": "Vse naloge iz letnega načrta dela so končane v roku.",
    "DIG-1": "Pripravljam mesečna poročila iz podatkov evidenc in jih delim s sodelavci.",
    "DIG-4": "Redno spremljam obvestila o informacijski varnosti in jih upoštevam pri delu.",
    "LEAD-1": "Z vsakim sodelavcem se enkrat na mesec pogovorim o delu in razvoju.",
}

# --- development plans --------------------------------------------------------------------------------

PLANS_FROM = D(2026, 4, 20)  # the first plan; the others follow, one or two a working day
# What a plan proposes for a gap in a competency: action, kind, training days (trainings only).
ACTIONS: dict[str, list[tuple[str, str, str | None]]] = {
    "CORE-1": [("Usposabljanje Upravne akademije: Komunikacija z zahtevnimi strankami", "training", "1")],
    "CORE-2": [("Sodelovanje v medresorski projektni skupini za enotne kontaktne točke", "on_the_job", None)],
    "CORE-3": [("Delavnica: Pisanje v jasnem jeziku", "training", "1"),
               ("Predstavitev rezultatov projekta na kolegiju direktorata", "on_the_job", None)],
    "CORE-4": [("Usposabljanje: Model CAF 2020 in samoocenjevanje v praksi", "training", "2"),
               ("Vodenje projekta izboljšave postopka izdaje potrdil", "on_the_job", None)],
    "CORE-5": [("E-izobraževanje: Integriteta in preprečevanje korupcije", "training", "0.5")],
    "DIG-1": [("Tečaj: Analiza podatkov v preglednicah (nadaljevalni)", "training", "2"),
              ("Mentorstvo analitičarke podatkov pri pripravi mesečnih poročil", "mentoring", None)],
    "DIG-2": [("Uvajanje skupnega urejanja dokumentov v timu", "on_the_job", None)],
    "DIG-3": [("Tečaj: Priprava dostopnih dokumentov in spletnih vsebin", "training", "1")],
    "DIG-4": [("E-izobraževanje: Informacijska varnost za javne uslužbence", "training", "0.5")],
    "DIG-5": [("Sodelovanje v projektni skupini za prenovo intraneta", "on_the_job", None)],
    "LEAD-1": [("Program razvoja vodij Upravne akademije", "training", "4"),
               ("Mentorstvo izkušenega vodje iz drugega ministrstva", "mentoring", None)],
    "LEAD-2": [("Sodelovanje pri pripravi strateškega načrta ministrstva 2027–2030", "on_the_job", None)],
    "LEAD-3": [("Usposabljanje: Vodenje sprememb v javni upravi", "training", "2")],
    "LEAD-4": [("Delavnica: Načrtovanje in spremljanje proračuna za vodje", "training", "1")],
}  # fmt: skip
DUE_DATES = (D(2026, 6, 19), D(2026, 9, 30), D(2026, 10, 16), D(2026, 11, 20), D(2027, 1, 29), D(2027, 3, 31))

# --- staff involvement ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    kind: str
    title: str
    held_on: date
    participants: int
    notes: str
    themes: tuple[str, ...]
    recorded: datetime


ACTIVITIES = (
    Activity(
        "workshop",
        "Delavnica o osnutku kompetenčnega modela",
        D(2026, 1, 28),
        26,
        "Udeleženci iz vseh notranjih organizacijskih enot so v skupinah pregledali opredelitve temeljnih, "
        "vodstvenih in digitalnih kompetenc ter vedenjske kazalnike po ravneh.\n\n"
        "Večina je ocenila, da so kazalniki razumljivi; pri vodstvenih kompetencah so si želeli več primerov "
        "iz dela ministrstva. Več skupin je opozorilo, da razlika med napredno in visoko specializirano "
        "ravnjo pri digitalnih kompetencah ni dovolj jasna.\n\n"
        "Predlagali so, naj bo samoocena oddana pred oceno vodje in naj se obe pregledata na letnem "
        "razgovoru. Nekateri so spraševali, ali bodo ocene vplivale na napredovanja; pojasnili smo, da je "
        "namen razvoj in da se rezultati po enotah prikazujejo le zbirno, za dovolj velike skupine.",
        ("Jasnost vedenjskih kazalnikov", "Primeri za vodstvene kompetence", "Ravni digitalnih kompetenc",
         "Povezava z letnim razgovorom", "Zaupnost ocen"),
        T(2026, 1, 30, 12),
    ),
    Activity(
        "focus_group",
        "Fokusna skupina o digitalnih veščinah",
        D(2026, 5, 20),
        9,
        "Sodelujoči iz štirih enot so opisali, katera digitalna orodja uporabljajo pri vsakdanjem delu in "
        "kje se jim zatika. Najpogosteje so omenili delo s podatki iz evidenc v preglednicah, skupno urejanje "
        "dokumentov in varno pošiljanje osebnih podatkov.\n\n"
        "Več udeležencev se novih orodij uči samostojno; pogrešajo kratka, praktična usposabljanja v manjših "
        "skupinah. Predlagali so notranje mentorje v vsaki enoti in kratka navodila na intranetu.\n\n"
        "Sodelavci informatike so poudarili, da bi jih zgodnje vključevanje v nakup novih rešitev "
        "razbremenilo prijav napak, ki izvirajo iz slabo pripravljenih navodil.",
        ("Delo s podatki v preglednicah", "Skupno urejanje dokumentov", "Varno pošiljanje osebnih podatkov",
         "Kratka praktična usposabljanja", "Notranji mentorji v enotah"),
        T(2026, 5, 22, 10),
    ),
)  # fmt: skip

# --- key positions and successors ----------------------------------------------------------------------

POSITIONS_NAMED = T(2026, 6, 15, 13)


@dataclass(frozen=True)
class KeyPositionStory:
    title: str
    unit: str
    holder: str
    risk_of_loss: str
    impact: str
    note: str
    successors: tuple[tuple[str, str, str], ...]  # name, readiness, development actions


KEY_POSITIONS = (
    KeyPositionStory(
        "Generalni direktor/generalna direktorica Direktorata za informatiko", DI, "Mojca Šuštar", "high", "high",
        "Na trgu je po izkušenih vodjih informatike veliko povpraševanja; direktorat vodi tri velike "
        "projekte digitalizacije do leta 2028.",
        (("Vanja Rupar", "1-2", "Program razvoja vodij; vodenje projekta prenove portala; nadomeščanje "
          "generalne direktorice med odsotnostjo."),
         ("Gorazd Pečar", "3+", "Vodenje delovne skupine za informacijsko varnost; usposabljanje iz vodenja ljudi.")),
    ),
    KeyPositionStory(
        "Generalni direktor/generalna direktorica Direktorata za javni sektor", DJS, "dr. Igor Stopar", "medium",
        "high", "Direktorat usklajuje razvoj kakovosti v vsej državni upravi.",
        (("mag. Metod Kobal", "now", "Že nadomešča generalnega direktorja; vodi projekt CAF v organih v sestavi."),
         ("Urška Jenko", "1-2", "Program razvoja vodij; vodenje sektorja za kakovost v letu 2027.")),
    ),
    KeyPositionStory(
        "Vodja Kadrovske službe", KS, "Bernarda Lazar", "low", "medium", "",
        (("Martina Leskošek", "1-2", "Usposabljanje iz delovnega prava; vodenje letnega načrta izobraževanja."),),
    ),
    KeyPositionStory(
        "Vodja Službe za finance", SF, "Zvonko Medved", "high", "medium",
        "Vodja se bo predvidoma upokojil v letu 2027; prenos znanja o pripravi proračuna je treba začeti zdaj.",
        (("Milena Zadravec", "now", "Samostojna priprava finančnega načrta za leto 2027 ob podpori vodje."),
         ("Aleksander Rus", "3+", "Usposabljanje iz javnih financ; sodelovanje pri zaključnem računu.")),
    ),
    KeyPositionStory(
        "Vodja Sekretariata", SEK, "Jelka Ambrožič", "medium", "low", "",
        (("Rene Kotar", "1-2", "Uvajanje v pripravo gradiv za kolegij ministra; usposabljanje iz vodenja."),),
    ),
)  # fmt: skip

# --- the vacancy ---------------------------------------------------------------------------------------

VACANCY_TITLE = "Svetovalec/svetovalka za kakovost (Direktorat za javni sektor)"
VACANCY_REFERENCE = "1100-27/2026"
VACANCY_PROFILE = QUALITY
VACANCY_CREATED = T(2026, 9, 14, 10)
PANEL = ("dr. Igor Stopar", HR_PERSON, "Mojca Šuštar")  # the chair first
CANDIDATES_ADDED = T(2026, 10, 5, 9)
INTERVIEWS_STARTED = T(2026, 10, 12, 8)
INTERVIEW_DAYS = (T(2026, 10, 13, 12), T(2026, 10, 14, 12), T(2026, 10, 15, 12))  # one candidate a day
AGREEMENT_OPENED = T(2026, 10, 16, 9)
AGREED = T(2026, 10, 19, 11)
DECIDED = T(2026, 10, 21, 14)
RETENTION_MONTHS = 6


@dataclass(frozen=True)
class CandidateStory:
    name: str
    email: str
    note: str
    # Per key competency of the guide, in the model's order: the six scores of its two questions,
    # (chair q1, chair q2, HR q1, HR q2, member q1, member q2), then the agreed score and its rationale.
    scores: tuple[tuple[tuple[int, int, int, int, int, int], int, str], ...]


CANDIDATES = (
    CandidateStory(
        "Maruša Gabrovšek",
        "marusa.gabrovsek@example.net",
        "Univerzitetna diplomirana organizatorka; pet let vodi sistem kakovosti v javnem zavodu.",
        (
            (
                (3, 3, 3, 4, 3, 3),
                3,
                "Navedla je konkreten primer prenove postopka po anketi uporabnikov; "
                "potrebe je ugotavljala sistematično, manj pa je govorila o ranljivih skupinah.",
            ),
            (
                (4, 4, 4, 3, 4, 4),
                4,
                "Samostojno je vodila samoocenjevanje po modelu CAF in spremljala "
                "izvedbo ukrepov s kazalniki; odgovori so bili zgled za raven 4.",
            ),
            (
                (3, 3, 3, 3, 2, 3),
                3,
                "Podatke zna pridobiti in kritično presoditi; pri analizi v preglednicah "
                "je razložila postopek, napredne obdelave pa še ne obvlada.",
            ),
        ),
    ),
    CandidateStory(
        "Andraž Lipovšek",
        "andraz.lipovsek@example.net",
        "Magister javne uprave; tri leta analitik v upravni enoti.",
        (
            (
                (2, 2, 3, 2, 2, 2),
                2,
                "Odgovori so bili splošni; o potrebah uporabnikov je govoril predvsem "
                "z vidika predpisov, brez primera, kako jih je ugotavljal.",
            ),
            (
                (3, 3, 3, 3, 3, 2),
                3,
                "Cilje naloge je jasno postavil in jih dosegel; o merjenju učinka "
                "izboljšav je govoril manj prepričljivo.",
            ),
            (
                (4, 4, 4, 3, 4, 4),
                4,
                "Pokazal je izrazito znanje analize podatkov: sam je pripravil nadzorno "
                "ploščo kazalnikov upravne enote in preverjal kakovost virov.",
            ),
        ),
    ),
    CandidateStory(
        "Sabina Rojc",
        "sabina.rojc@example.net",
        "Univerzitetna diplomirana ekonomistka; dve leti v oddelku za splošne zadeve občine.",
        (
            (
                (3, 3, 3, 3, 3, 2),
                3,
                "Prijazen in premišljen pristop do strank, s primerom reševanja "
                "pritožbe; potrebe uporabnikov je znala povzeti.",
            ),
            (
                (2, 2, 2, 3, 2, 2),
                2,
                "Izkušenj s sistemi kakovosti ima malo; pri situacijskem vprašanju je "
                "predlagala ukrepe brez načrta spremljanja.",
            ),
            (
                (2, 2, 2, 2, 3, 2),
                2,
                "Osnovno delo s preglednicami obvlada, kritične presoje virov in obdelave podatkov pa ni pokazala.",
            ),
        ),
    ),
)
CHOSEN = "Maruša Gabrovšek"
DECISION = (
    "Komisija je vse tri kandidate razvrstila po povprečju dogovorjenih ocen treh ključnih kompetenc "
    "profila (usmerjenost k uporabnikom, usmerjenost k rezultatom in kakovosti, informacijska in "
    "podatkovna pismenost).\n\n"
    "Izbrana je prvouvrščena kandidatka (povprečje 3,33): ima največ izkušenj s samoocenjevanjem po modelu "
    "CAF in s spremljanjem ukrepov s kazalniki, kar je jedro dela na tem delovnem mestu. Drugouvrščeni "
    "kandidat (3,00) je izstopal pri analizi podatkov, manj pa pri poznavanju potreb uporabnikov; "
    "tretjeuvrščena kandidatka (2,33) še nima dovolj izkušenj s sistemi kakovosti.\n\n"
    "Kandidata na drugem in tretjem mestu sta bila o izidu obveščena; njuni podatki se hranijo šest "
    "mesecev po odločitvi."
)
