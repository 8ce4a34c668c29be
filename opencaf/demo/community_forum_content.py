"""Demo threads of the Slovenian and Bulgarian demo networks' expert forums, in Markdown.

An author is a demo e-mail address ("coordinator@example.org") or the short name of a demo
organisation of the coordination demo, meaning its quality representative. `category` names the
default category by its key (see `community.services.forum.ensure_default_categories`): "caf" (CAF
implementation), "criterion-1" … "criterion-9", "surveys", "indicators", "feedback", "reports"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def T(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


@dataclass(frozen=True)
class DemoPost:
    author: str
    at: datetime
    body: str
    quotes: int | None = None  # index of the quoted earlier post in the thread


@dataclass(frozen=True)
class DemoThread:
    category: str
    title: str
    posts: tuple[DemoPost, ...]
    pinned: bool = False


THREADS: list[DemoThread] = [
    DemoThread(
        "caf",
        "Dobrodošli v strokovnem forumu CAF",
        (
            DemoPost(
                "coordinator@example.org",
                T(2026, 1, 12, 9),
                "Spoštovani,\n\nforum je namenjen izmenjavi izkušenj med predstavniki vodstva za kakovost "
                "in člani skupin za samoocenjevanje. Nekaj pravil:\n\n"
                "- vprašanje zastavite v kategoriji, kamor sodi (merila 1–9, ankete, kazalniki …);\n"
                "- ne objavljajte osebnih podatkov zaposlenih ali strank;\n"
                "- če vam je odgovor pomagal, to zapišite, da bo koristil tudi drugim.\n\n"
                "Lep pozdrav, Alenka Zorman, sektor za kakovost",
            ),
        ),
        pinned=True,
    ),
    DemoThread(
        "caf",
        "Koliko članov naj ima skupina za samoocenjevanje v majhni občini?",
        (
            DemoPost(
                "quality@example.org",
                T(2026, 2, 3, 13, 20),
                "Občina ima 68 zaposlenih. Priročnik priporoča 8 do 15 članov skupine; ali je 10 za nas "
                "preveč? Bojimo se, da bo delo v oddelkih med samoocenjevanjem zastalo.",
            ),
            DemoPost(
                "Občina Slovenske Konjice",
                T(2026, 2, 3, 15, 5),
                "Pri nas (41 zaposlenih) je bilo v skupini 8 članov iz vseh oddelkov in ena članica iz "
                "vodstva. Individualno ocenjevanje smo razporedili na tri tedne, sestanek za doseganje "
                "soglasja pa na dva dopoldneva. Delo ni zastalo.",
            ),
            DemoPost(
                "coordinator@example.org",
                T(2026, 2, 4, 8, 40),
                "Pomembnejša od števila je **raznolikost**: vsa funkcionalna področja in vse ravni "
                "(vodstvo, srednji menedžment, zaposleni). Platforma vas ob sestavi skupine opozori, če "
                "kakšna raven manjka.",
                quotes=0,
            ),
        ),
    ),
    DemoThread(
        "criterion-3",
        "Kako oceniti podmerilo 3.2, če nimamo sistema razvoja kompetenc?",
        (
            DemoPost(
                "UE Kranj",
                T(2026, 5, 12, 10, 15),
                "Izobraževanja načrtujemo vsako leto, kompetenčnega modela pa nimamo. V skupini se ne "
                "moremo zediniti, ali je to še faza *Načrtuj* ali že *Izvedi*.",
            ),
            DemoPost(
                "ZRSZ",
                T(2026, 5, 12, 14, 2),
                "Mi smo podobno stanje ocenili v fazi Načrtuj: načrt je, sistematičnega spremljanja "
                "učinka pa ne. Kot dokaz smo priložili letni načrt izobraževanj in zapisnike letnih "
                "razgovorov. Več o našem uvajanju novih sodelavcev je v knjižnici dobrih praks "
                "(»Prvih sto dni«).",
            ),
        ),
    ),
    DemoThread(
        "surveys",
        "Odzivnost ankete zaposlenih pod 40 %",
        (
            DemoPost(
                "GURS",
                T(2026, 9, 8, 11),
                "Lani je anketo izpolnilo 37 % zaposlenih. Kaj vam je pomagalo zvišati odzivnost?",
            ),
            DemoPost(
                "MO Maribor",
                T(2026, 9, 8, 12, 30),
                "Trije ukrepi: vodstvo je v e-pošti pojasnilo, kaj se je spremenilo po zadnji anketi; "
                "vsak oddelek je dobil pol ure delovnega časa za izpolnjevanje; vmesna odzivnost je bila "
                "vidna po oddelkih (brez rezultatov). Odzivnost se je zvišala s 45 % na 71 %.",
            ),
            DemoPost(
                "GURS",
                T(2026, 9, 9, 8, 10),
                "Hvala, predvsem pojasnilo »kaj se je spremenilo« bomo zagotovo uporabili.",
                quotes=1,
            ),
        ),
    ),
    DemoThread(
        "indicators",
        "Skupni kazalnik: povprečni čas reševanja upravnih zadev",
        (
            DemoPost(
                "coordinator@example.org",
                T(2026, 10, 1, 9),
                "Mreža je objavila skupno opredelitev kazalnika **povprečni čas reševanja upravnih zadev "
                "(dnevi)**. Upravne enote, ki ga prevzamete in delite z mrežo, boste lahko svoje vrednosti "
                "primerjali z drugimi, brez imen in le, če deli vsaj pet organizacij.",
            ),
            DemoPost(
                "UE Velenje",
                T(2026, 10, 2, 10, 45),
                "Prevzeli smo ga in vnesli vrednosti za 2024 in 2025. Se šteje od vložitve popolne vloge "
                "ali od prve vloge?",
            ),
            DemoPost(
                "coordinator@example.org",
                T(2026, 10, 2, 13, 5),
                "Od vložitve **popolne** vloge, kot piše v opredelitvi; dopolnitve se ne štejejo.",
                quotes=1,
            ),
        ),
    ),
    DemoThread(
        "reports",
        "Kdaj predstaviti poročilo o samooceni zaposlenim?",
        (
            DemoPost(
                "leader@example.org",
                T(2026, 11, 16, 14),
                "Poročilo o samooceni bo vodstvo sprejelo decembra. Ali ga predstavimo zaposlenim takoj ali "
                "šele skupaj z načrtom izboljšav?",
            ),
            DemoPost(
                "MO Maribor",
                T(2026, 11, 17, 9, 20),
                "Mi smo ga predstavili takoj in hkrati povabili na delavnice za načrt izboljšav. Zaposleni "
                "so tako videli, da poročilo ne bo ostalo v predalu.",
            ),
        ),
    ),
]

BG_THREADS: list[DemoThread] = [
    DemoThread(
        "caf",
        "Добре дошли във форума",
        (
            DemoPost(
                "koordinator@example.org",
                T(2026, 10, 5, 9),
                "Уважаеми колеги,\n\nфорумът е за обмяна на опит между представителите на ръководството по "
                "качеството и членовете на групите за самооценка. Моля, не публикувайте лични данни.\n\n"
                "Георги Петров",
            ),
            DemoPost(
                "kachestvo@example.org",
                T(2026, 10, 6, 11, 30),
                "Благодарим! Група за самооценка от 10 души от всички функционални области започна "
                "индивидуалното оценяване. Ще споделим опита си тук.",
            ),
        ),
        pinned=True,
    ),
]
