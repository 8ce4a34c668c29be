"""Demo good practices of the Slovenian and Bulgarian demo networks: what organisations did about a
problem, with figures, written in their own language and some translated (Slovenian, Bulgarian,
English). Plausible, not real: the organisations are the demo's, the figures invented."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

D = date
SUBMITTED = D(2026, 3, 2)
PUBLISHED = D(2026, 3, 16)


@dataclass(frozen=True)
class Text:
    title: str
    problem: str
    actions: str
    results: str
    resources: str = ""


@dataclass(frozen=True)
class DemoPractice:
    organisation: str  # the demo organisation's short name (coordination content) or demo key
    original: str  # language of the original
    texts: dict[str, Text]
    subcriteria: tuple[str, ...]
    contact: tuple[str, str]  # name, e-mail
    audience: str = "network"  # "network" or "public" once published; "" when not published
    submitted: date = SUBMITTED
    published: date | None = PUBLISHED
    helped_by: tuple[str, ...] = field(default_factory=tuple)


PRACTICES: list[DemoPractice] = [
    DemoPractice(
        "UE Velenje",
        "sl",
        {
            "sl": Text(
                "Ena vrstna številka za vse storitve na upravni enoti",
                "Stranke so za osebne dokumente, vozniška dovoljenja in registracije vozil čakale v treh "
                "ločenih vrstah. Povprečni čas čakanja je bil ob ponedeljkih 24 minut, v anketi 2024 so "
                "stranke čakanje ocenile z 2,9 od 5.",
                "Uvedli smo enotno vstopno točko z enim sistemom vrstnih številk in spletnim naročanjem na "
                "termin. Referenti so usposobljeni za dve ali tri vrste storitev, zato razporeditev sledi "
                "dejanski gneči. Na zaslonu v čakalnici je prikazan predviden čas čakanja.",
                "Povprečni čas čakanja se je v enem letu skrajšal s 24 na 9 minut, delež strank, naročenih "
                "na termin, je 41 %. Zadovoljstvo s čakanjem se je v anketi 2025 zvišalo na 4,3 od 5.",
                "Sistem vrstnih številk (najem 180 EUR na mesec), 16 ur usposabljanja na referenta, "
                "pol leta postopnega uvajanja.",
            ),
            "en": Text(
                "One queue number for every service at the administrative unit",
                "Customers queued in three separate lines for identity documents, driving licences and "
                "vehicle registration. The average wait on Mondays was 24 minutes; in the 2024 survey "
                "customers rated waiting 2.9 out of 5.",
                "We introduced a single entry point with one queue-number system and online booking of "
                "appointments. Clerks are trained for two or three kinds of service, so staffing follows "
                "the actual demand. A screen in the waiting room shows the expected waiting time.",
                "Within a year the average wait fell from 24 to 9 minutes; 41% of customers now book an "
                "appointment. Satisfaction with waiting rose to 4.3 out of 5 in the 2025 survey.",
                "Queue-number system (rented, EUR 180 a month), 16 hours of training per clerk, six months "
                "of gradual introduction.",
            ),
        },
        ("5.2", "6.1", "6.2"),
        ("Nina Jelen", "nina.jelen@ue-velenje.example.org"),
        audience="public",
        submitted=D(2025, 11, 3),
        published=D(2025, 11, 20),
        helped_by=("UE Kranj", "Občina Slovenske Konjice", "Občina Zgornja Dolina (demo)"),
    ),
    DemoPractice(
        "ZRSZ",
        "sl",
        {
            "sl": Text(
                "Prvih sto dni: mentorstvo novim svetovalcem",
                "Skoraj petina novih svetovalcev je zavod zapustila že v prvem letu. V izstopnih pogovorih "
                "so najpogosteje navajali, da so bili v prvih tednih prepuščeni sami sebi.",
                "Vsak novi sodelavec dobi mentorja iz iste službe in načrt prvih sto dni: katere postopke "
                "spozna, katere primere vodi skupaj z mentorjem in kdaj samostojno. Po 30, 60 in 100 dneh "
                "sledi kratek pogovor z vodjo. Mentorji imajo za to 10 % delovnega časa.",
                "Odhodi v prvem letu so se zmanjšali z 18 % (2023) na 7 % (2025). Novi svetovalci so v "
                "anketi zaposlenih uvajanje ocenili s 4,4 od 5 (prej 3,1).",
                "Priročnik za mentorje (pripravila kadrovska služba v dveh mesecih), 10 % delovnega časa "
                "mentorja v prvih treh mesecih.",
            ),
            "en": Text(
                "The first hundred days: mentoring new counsellors",
                "Almost a fifth of new counsellors left the service within their first year. In exit "
                "interviews they most often said they had been left on their own in the first weeks.",
                "Every newcomer gets a mentor from the same office and a plan for the first hundred days: "
                "which procedures to learn, which cases to handle with the mentor and when alone. A short "
                "talk with the manager follows after 30, 60 and 100 days. Mentors spend 10% of their "
                "working time on it.",
                "First-year departures fell from 18% (2023) to 7% (2025). In the staff survey new "
                "counsellors rated their induction 4.4 out of 5 (3.1 before).",
                "A mentor's handbook (two months of work by HR), 10% of a mentor's time for three months.",
            ),
        },
        ("3.2", "7.1", "7.2"),
        ("Tadeja Rupnik", "tadeja.rupnik@zrsz.example.org"),
        audience="public",
        submitted=D(2026, 1, 12),
        published=D(2026, 1, 26),
        helped_by=("MO Maribor", "GURS"),
    ),
    DemoPractice(
        "GURS",
        "sl",
        {
            "sl": Text(
                "Kazalniki na vsakem kolegiju: semafor namesto poročil",
                "Kazalnike smo zbirali enkrat na leto za letno poročilo. Vodstvo je odstopanja opazilo "
                "prepozno, le 40 % kazalnikov je imelo ciljno vrednost.",
                "Vsak skrbnik procesa mesečno vnese izmerjeno vrednost; na kolegiju vodstva je prva točka "
                "dnevnega reda pregled kazalnikov s semaforjem (zeleno, rumeno, rdeče). Za vsak rdeči "
                "kazalnik se zabeleži ukrep in nosilec ukrepa.",
                "Ciljno vrednost ima zdaj 95 % kazalnikov. Povprečni čas za vpis spremembe v kataster se je "
                "v letu dni skrajšal z 38 na 24 dni, ker so zaostanki postali vidni sproti.",
                "Skupna preglednica kazalnikov, 15 minut na kolegiju, enkratna delavnica za skrbnike procesov (4 ure).",
            ),
        },
        ("1.2", "9.2"),
        ("Boštjan Kranjc", "bostjan.kranjc@gurs.example.org"),
        submitted=D(2026, 5, 4),
        published=D(2026, 5, 18),
        helped_by=("ZRSZ",),
    ),
    DemoPractice(
        "Občina Slovenske Konjice",
        "sl",
        {
            "sl": Text(
                "Pobude občanov z javnim odgovorom v 15 dneh",
                "Pobude občanov so prihajale po pošti, e-pošti in na sejah sveta; marsikatera je ostala "
                "brez odgovora, občani pa niso vedeli, kaj se z njimi dogaja.",
                "Na spletni strani občine smo odprli portal za pobude. Vsaka pobuda dobi odgovornega "
                "uslužbenca in javni odgovor v 15 dneh; status (prejeto, v obravnavi, rešeno) vidijo vsi. "
                "Župan enkrat na mesec pregleda pobude, ki čakajo dlje.",
                "V letu 2025 smo prejeli 312 pobud, 87 % jih je dobilo odgovor v roku, 104 so bile "
                "uresničene. V anketi občanov se je ocena »občina prisluhne predlogom« zvišala s 3,0 na 3,8.",
                "Modul za pobude na obstoječi spletni strani (2.400 EUR), pol ure na dan za urejanje.",
            ),
        },
        ("4.2", "6.1"),
        ("Urška Zupan", "urska.zupan@konjice.example.org"),
        submitted=D(2026, 6, 1),
        published=D(2026, 6, 15),
        helped_by=("Občina Zgornja Dolina (demo)", "MO Maribor"),
    ),
    DemoPractice(
        "MO Maribor",
        "sl",
        {
            "sl": Text(
                "Delavnice z zaposlenimi za načrt izboljšav",
                "Načrt izboljšav po prvem samoocenjevanju je pripravilo vodstvo samo; zaposleni ga niso "
                "poznali in ukrepi so obstali.",
                "Po sestanku za doseganje soglasja smo v vsakem oddelku pripravili dveurno delavnico. "
                "Skupina za samoocenjevanje je predstavila področja za izboljšave, zaposleni so predlagali "
                "ukrepe in jih razvrstili po vplivu in zahtevnosti. Vodstvo je v načrt izboljšav prevzelo "
                "predloge z največjo podporo in vsakemu določilo nosilca ukrepa.",
                "Na 14 delavnicah je sodelovalo 62 % zaposlenih in dalo 146 predlogov; 38 ukrepov je v "
                "načrtu izboljšav, 21 jih je izvedenih. V anketi zaposlenih je trditev »moji predlogi so "
                "slišani« dosegla 3,7 (prej 2,8).",
                "Dva moderatorja iz skupine za samoocenjevanje, 28 ur delavnic, preprosta preglednica predlogov.",
            ),
            "en": Text(
                "Staff workshops for the improvement plan",
                "After the first self-assessment the improvement plan was written by management alone; "
                "staff did not know it and the actions stalled.",
                "After the consensus meeting we held a two-hour workshop in every department. The "
                "self-assessment group presented the areas for improvement; staff proposed actions and "
                "ranked them by impact and effort. Management took the proposals with the most support "
                "into the improvement plan and gave each an action owner.",
                "62% of staff took part in 14 workshops and made 146 proposals; 38 actions are in the "
                'improvement plan and 21 are done. In the staff survey "my suggestions are heard" '
                "reached 3.7 (2.8 before).",
                "Two facilitators from the self-assessment group, 28 hours of workshops, a simple "
                "spreadsheet of proposals.",
            ),
        },
        ("3.3", "2.3", "7.1"),
        ("Gregor Vidic", "gregor.vidic@maribor.example.org"),
        audience="public",
        submitted=D(2025, 6, 2),
        published=D(2025, 6, 16),
        helped_by=("Občina Slovenske Konjice", "UE Velenje", "ZRSZ", "Občina Zgornja Dolina (demo)"),
    ),
    DemoPractice(
        "SPIRIT Slovenija",
        "en",
        {
            "en": Text(
                "One online application for business grants",
                "Companies applied for each grant on paper with its own forms; a third of applications "
                "came back for missing documents, and a decision took 45 days on average.",
                "We built one online application that pre-fills company data from the business register "
                "and checks attachments before submission. Applicants see the state of their application; "
                "the grant teams share one checklist.",
                "Applications returned for missing documents fell from 33% to 6%; the average time to a "
                "decision fell from 45 to 21 days. 94% of applicants used the online form in 2025.",
                "An external developer for four months (EUR 38,000), a product owner from the grants office half-time.",
            ),
            "sl": Text(
                "Ena spletna vloga za spodbude podjetjem",
                "Podjetja so se na vsako spodbudo prijavljala na papirju z lastnimi obrazci; tretjina vlog "
                "je bila nepopolnih, odločitev je v povprečju trajala 45 dni.",
                "Razvili smo enotno spletno vlogo, ki podatke o podjetju prevzame iz poslovnega registra "
                "in priloge preveri pred oddajo. Prijavitelji vidijo, kje je njihova vloga; skupine za "
                "spodbude uporabljajo skupni kontrolni seznam.",
                "Delež nepopolnih vlog se je zmanjšal s 33 % na 6 %, povprečni čas do odločitve s 45 na "
                "21 dni. Leta 2025 je spletno vlogo uporabilo 94 % prijaviteljev.",
                "Zunanji razvijalec za štiri mesece (38.000 EUR), skrbnik storitve iz službe za spodbude "
                "s polovičnim delovnim časom.",
            ),
        },
        ("5.1", "5.3", "9.2"),
        ("Jana Oblak", "jana.oblak@spirit.example.org"),
        audience="public",
        submitted=D(2026, 2, 9),
        published=D(2026, 2, 23),
        helped_by=("GURS",),
    ),
    DemoPractice(
        "MNVP",
        "sl",
        {
            "sl": Text(
                "Zemljevid ključnega znanja pred upokojitvami",
                "V petih letih se bo upokojila skoraj četrtina strokovnjakov. Znanje o redkih postopkih "
                "je bilo zapisano le v glavah posameznikov.",
                "Za vsako službo smo popisali ključno znanje, kdo ga ima in kdo ga lahko prevzame. Za 23 "
                "ključnih delovnih mest smo določili naslednike, ki postopke vodijo skupaj z odhajajočimi "
                "sodelavci; postopki so opisani v skupni bazi znanja.",
                "Za vseh 23 ključnih delovnih mest sta določena naslednik in rok prenosa; opisanih je 61 "
                "redkih postopkov. Pri dveh upokojitvah v letu 2026 se rok reševanja zadev ni podaljšal.",
                "Delavnica za vodje (pol dneva), baza znanja na obstoječem intranetu.",
            ),
        },
        ("3.1", "4.4"),
        ("Mateja Petek", "mateja.petek@mnvp.example.org"),
        submitted=D(2026, 9, 7),
        published=D(2026, 9, 21),
    ),
    DemoPractice(
        "UE Kranj",
        "sl",
        {
            "sl": Text(
                "Ena evidenca pritožb in pohval",
                "Pritožbe in pohvale so prihajale na pet naslovov in jih nihče ni zbiral; ponavljajoče se "
                "težave so ostale neopažene.",
                "Vse pritožbe in pohvale vpisujemo v eno evidenco z vzrokom in odgovornim; vsako četrtletje "
                "jih vodstvo pregleda in za najpogostejši vzrok določi ukrep.",
                "Leta 2025 smo evidentirali 184 pritožb in 97 pohval. Najpogostejši vzrok (nejasna navodila "
                "za vloge) smo odpravili s prenovljenimi obrazci; pritožb zaradi tega je bilo v drugem "
                "polletju 60 % manj.",
                "Preglednica v skupni mapi, dve uri na četrtletje.",
            ),
        },
        ("5.2", "6.1"),
        ("Simon Bizjak", "simon.bizjak@ue-kranj.example.org"),
        submitted=D(2026, 10, 5),
        published=D(2026, 10, 19),
        helped_by=("UE Velenje",),
    ),
    DemoPractice(
        "Община Горна Долина",
        "bg",
        {
            "bg": Text(
                "Едно гише и SMS известяване за готови документи",
                "Гражданите идваха по няколко пъти, за да проверят дали документът им е готов; в "
                "анкетата 2024 г. 41 % посочиха излишни посещения като основен проблем.",
                "Центърът за административно обслужване приема всички заявления на едно гише. При "
                "подаване гражданинът може да остави телефон и получава SMS, когато документът е готов. "
                "Служителите на гишето са обучени за всички услуги с най-голям обем.",
                "Излишните посещения са намалели от 41 % на 12 % (анкета 2025 г.). Средното време за "
                "издаване на удостоверение е 2 работни дни вместо 4.",
                "SMS услуга (около 60 лв. на месец), 3 дни обучение на служителите на гишето.",
            ),
            "en": Text(
                "One desk and a text message when documents are ready",
                "Citizens came several times to check whether their document was ready; in the 2024 "
                "survey 41% named needless visits as the main problem.",
                "The one-stop shop takes every application at one desk. When applying, a citizen may leave "
                "a phone number and gets a text message when the document is ready. Desk staff are "
                "trained for all the services with the largest volumes.",
                "Needless visits fell from 41% to 12% (2025 survey). A certificate now takes 2 working "
                "days on average instead of 4.",
                "A text-message service (about BGN 60 a month), 3 days of training for desk staff.",
            ),
        },
        ("5.2", "6.1", "6.2"),
        ("Мария Иванова", "kachestvo@example.org"),
        audience="public",
        submitted=D(2026, 4, 6),
        published=D(2026, 4, 20),
    ),
    DemoPractice(
        "Občina Zgornja Dolina (demo)",
        "sl",
        {
            "sl": Text(
                "Mesečni sestanek vodij o pritožbah občanov",
                "Odgovori na pritožbe občanov so zamujali, ker je vsak oddelek pritožbe obravnaval po svoje.",
                "Vodje oddelkov se enkrat na mesec za pol ure sestanejo ob pregledu odprtih pritožb; za "
                "vsako določijo odgovornega in rok.",
                "Delež pritožb z odgovorom v 15 dneh se je v pol leta zvišal s 58 % na 83 %.",
                "Pol ure na mesec za vsakega vodjo oddelka.",
            ),
        },
        ("1.2", "5.2"),
        ("Mojca Kovač", "quality@example.org"),
        audience="",
        submitted=D(2026, 11, 23),
        published=None,
    ),
]
