"""What the demo surveys' respondents answered: who they are, how they rate, what they wrote.

The Slovenian texts are what staff and residents of a small municipality write in such a survey
(workload, old computers, offices that do not talk to each other, the front office on Mondays); the
Bulgarian ones what residents and businesses of a Bulgarian municipality write (the counters when
local taxes are due, street lighting, electronic signatures). Names in them are fictitious.

`opencaf.demo.surveys` turns these into responses with a fixed seed: each respondent has a general
attitude (`mood`, on the 1–5 scale) and rates every statement near it, shifted by the statement's
offset, so the results have the strengths and weaknesses a real survey shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# --- titles ---------------------------------------------------------------------------------------

EMPLOYEES_PAST = {"sl": "Anketa o zadovoljstvu zaposlenih 2025", "en": "Employee satisfaction survey 2025"}
EMPLOYEES_NEXT = {"sl": "Anketa o zadovoljstvu zaposlenih 2026", "en": "Employee satisfaction survey 2026"}
CITIZENS = {
    "sl": "Zadovoljstvo občanov s storitvami občine 2026",
    "en": "Residents' satisfaction with municipal services 2026",
}
BUSINESSES = {"sl": "Anketa o zadovoljstvu podjetij 2026"}
BG_CITIZENS = {"bg": "Анкета за удовлетвореността от административното обслужване 2026"}
BG_BUSINESSES = {"bg": "Анкета за удовлетвореността на фирмите 2026"}

# --- who answered ----------------------------------------------------------------------------------

# The municipality's departments (as in `organisations.PEOPLE`): Slovenian and English name, how many
# answered the 2025 employee survey, and how much better or worse than average they feel.
DEPARTMENTS: list[tuple[str, str, int, float]] = [
    ("Kabinet župana", "Mayor's Office", 6, 0.2),
    ("Oddelek za splošne zadeve", "General Affairs Department", 18, 0.0),
    ("Oddelek za finance", "Finance Department", 14, 0.15),
    ("Oddelek za okolje in prostor", "Environment and Spatial Planning Department", 22, -0.45),
    ("Oddelek za družbene dejavnosti", "Social Affairs Department", 12, 0.25),
    ("Oddelek za gospodarske javne službe", "Public Utilities Department", 16, -0.2),
    ("Medobčinski inšpektorat", "Intermunicipal Inspectorate", 9, -0.1),
    ("Sprejemna pisarna", "Front Office", 7, -0.15),
    ("Kadrovska služba", "Human Resources", 3, 0.2),  # three people: the results hide them
    ("Informatika", "IT", 6, -0.3),
]
NO_DEPARTMENT = 7  # respondents who skipped the question
SMALL_DEPARTMENT = "Kadrovska služba"

# Single-choice weights by question code; "" is no answer.
EMPLOYEE_CHOICES: dict[str, list[tuple[str, int]]] = {
    "q_age_band": [("age_under_30", 11), ("age_30_44", 33), ("age_45_59", 40), ("age_60_or_over", 9), ("", 7)],
    "q_years_of_service": [
        ("service_up_to_5", 22),
        ("service_6_15", 33),
        ("service_16_25", 26),
        ("service_over_25", 13),
        ("", 6),
    ],
}
CITIZEN_CHOICES: dict[str, list[tuple[str, int]]] = {
    "q_customer_type": [("resident", 76), ("business_representative", 12), ("other", 7), ("", 5)],
    "q_age_band": [("age_under_30", 10), ("age_30_44", 31), ("age_45_59", 32), ("age_60_or_over", 22), ("", 5)],
}
CITIZEN_CHANNELS = {"in_person": 0.55, "phone": 0.35, "email": 0.3, "website_eservices": 0.4, "post": 0.05}
BUSINESS_CHOICES: dict[str, list[tuple[str, int]]] = {
    "q_business_size": [("micro", 62), ("small", 26), ("medium", 9), ("large", 3)],
    "q_sector": [
        ("agriculture", 8),
        ("manufacturing", 14),
        ("construction", 18),
        ("trade", 20),
        ("transport", 6),
        ("hospitality_tourism", 14),
        ("professional_services", 14),
        ("other_sector", 6),
    ],
}

# How each statement (grid item, or rating question) differs from the respondent's general attitude.
OFFSETS: dict[str, float] = {
    # employees
    "proud_to_work_here": 0.2,
    "good_results": 0.3,
    "integrity_guidance": 0.1,
    "open_to_change": -0.4,
    "digital_tools_help": -0.5,
    "involved_in_decisions": -0.5,
    "suggestions_taken_seriously": -0.4,
    "survey_results_acted_on": -0.7,
    "communicates_goals": -0.2,
    "listens_to_employees": -0.3,
    "superior_supports": 0.4,
    "effort_recognised": -0.6,
    "clear_expectations": 0.6,
    "processes_run_smoothly": -0.2,
    "information_easy_to_find": -0.3,
    "information_flows_between_units": -0.9,
    "good_atmosphere": 0.5,
    "flexible_hours": 0.5,
    "work_life_balance": 0.2,
    "health_and_safety": 0.3,
    "equipment_and_workspace": -0.7,
    "equal_opportunities": 0.4,
    "workload_shared_fairly": -0.8,
    "enough_staff": -1.0,
    "training_needed": -0.2,
    "digital_skills": -0.3,
    "development_talk": 0.5,
    "career_opportunities": -0.9,
    "enjoy_coming_to_work": 0.1,
    "skills_put_to_use": 0.3,
    "good_employer": 0.0,
    # residents
    "trustworthy": 0.1,
    "keeps_improving": -0.2,
    "opening_hours": -0.5,
    "waiting_time": -0.3,
    "physical_access": 0.3,
    "staff_courteous": 0.6,
    "staff_competent": 0.4,
    "dealt_with_quickly": -0.3,
    "progress_easy_to_check": -0.6,
    "goals_and_results_published": -0.3,
    "users_consulted": -0.8,
    "views_taken_into_account": -0.5,
    "easy_to_find": -0.6,
    "fully_online": -0.9,
    # businesses
    "reasonable_paperwork": -0.6,
    "information_asked_once": -0.8,
    "decision_on_time": -0.4,
    "staff_helpful": 0.4,
    "track_online": -0.9,
    "consults_businesses": -0.8,
}
# Statements people more often cannot judge (the rest: 4 %).
DONT_KNOW = {
    "integrity_guidance": 0.08,
    "social_responsibility": 0.12,
    "survey_results_acted_on": 0.15,
    "leads_by_example": 0.07,
    "career_opportunities": 0.08,
    "goals_and_results_published": 0.2,
    "users_consulted": 0.18,
    "physical_access": 0.1,
    "favourable_business_environment": 0.15,
    "considers_effect_on_business": 0.2,
}


# --- what they wrote ---------------------------------------------------------------------------------

RELEASE, REDACT, WITHHOLD, PENDING = "release", "redact", "withhold", "pending"


@dataclass(frozen=True)
class Written:
    """A written answer, what the respondent who wrote it also answered, and the reviewer's decision."""

    question: str
    text: str
    decision: str = RELEASE
    name: str = ""  # the colleague's name the reviewer takes out (REDACT)
    answers: Mapping[str, object] = field(default_factory=dict)  # raw answers the writer gave elsewhere
    department: str = ""  # employees: the department the writer works in
    mood: float | None = None  # the writer's attitude, when the text says it


EMPLOYEE_TEXTS = [
    Written("q_improve_first", "Komunikacijo med oddelki. O spremembah pogosto izvemo šele, ko nas pokliče stranka."),
    Written(
        "q_improve_first",
        "Računalniška oprema je zastarela. Prostorski načrt se mi na računalniku odpira po pet minut, "
        "tiskalnik v drugem nadstropju pa je več pokvarjen, kot dela.",
        department="Oddelek za okolje in prostor",
        mood=2.8,
    ),
    Written(
        "q_improve_first",
        "Delo je razporejeno zelo neenakomerno. Nekateri imamo zadev za tri, drugi pa čakajo, da jim kdo kaj dodeli.",
        mood=2.9,
    ),
    Written(
        "q_improve_first",
        "Več izobraževanj, predvsem o spremembah zakonodaje in o javnih naročilih. Na seminar lahko gremo le, "
        "če ostane kaj denarja.",
    ),
    Written("q_improve_first", "Redne sestanke oddelka, vsaj enkrat na mesec. Zdaj se dobimo samo, ko že gori."),
    Written(
        "q_improve_first",
        "Poleti je v pisarnah na južni strani neznosno vroče, klimatska naprava pa dela samo v sejni sobi.",
    ),
    Written(
        "q_improve_first",
        "Nadomeščanje med dopusti in bolniškimi odsotnostmi. Ko sodelavke ni, se zadeve kopičijo, potem pa jih "
        "rešujemo popoldne.",
    ),
    Written(
        "q_improve_first",
        "Potrebovali bi vsaj še eno osebo v sprejemni pisarni. Ob ponedeljkih in sredah je vrsta do vrat, stranke "
        "pa so upravičeno nejevoljne.",
        department="Sprejemna pisarna",
        mood=3.0,
    ),
    Written(
        "q_improve_first",
        "Sistem za dokumentarno gradivo je počasen, iste podatke vnašamo na dveh mestih. Naj se informatiki in "
        "oddelki enkrat usedejo skupaj in to uredijo.",
        department="Oddelek za splošne zadeve",
    ),
    Written(
        "q_improve_first",
        "Jasnejšo razmejitev pristojnosti. Stranke pošiljamo od pisarne do pisarne, ker niti sami ne vemo, kdo je "
        "za kaj pristojen.",
    ),
    Written(
        "q_improve_first",
        "Delo v oddelku naj se deli bolj pravično. Vse zahtevne gradbene zadeve vedno pristanejo pri Mateji "
        "Zalokar, ker jih nihče drug noče prevzeti.",
        decision=REDACT,
        name="Mateji Zalokar",
        department="Oddelek za okolje in prostor",
        mood=2.7,
    ),
    Written(
        "q_improve_first",
        "Prenosnike za delo od doma. Zdaj lahko od doma delamo samo z lastnimi računalniki, kar ni v redu.",
    ),
    Written(
        "q_improve_first",
        "Kot edini v kadrovski službi, ki je tu že več kot 25 let, lahko povem, da se o kadrovskih odločitvah z "
        "nami nihče ne posvetuje.",
        decision=WITHHOLD,
        department="Kadrovska služba",
        answers={"q_years_of_service": "service_over_25"},
    ),
    Written(
        "q_other_comments",
        "Hvala za anketo. Upam, da bomo tokrat rezultate tudi videli in da ne bodo končali v predalu.",
    ),
    Written(
        "q_other_comments",
        "V našem timu je vzdušje res dobro, pomagamo si, tudi ko je dela največ.",
        department="Oddelek za družbene dejavnosti",
        mood=4.4,
    ),
    Written(
        "q_other_comments",
        "Pohvala vodji oddelka, ki zna prisluhniti in se postavi za nas, ko je treba.",
        mood=4.3,
    ),
    Written(
        "q_other_comments",
        "Plače ne sledijo zahtevnosti dela, zato mladi hitro odidejo drugam. Na naše razpise se skoraj nihče več "
        "ne prijavi.",
    ),
    Written(
        "q_other_comments",
        "Pogrešam več priznanja za dobro opravljeno delo. Ko gre kaj narobe, to izvedo vsi, ko gre dobro, nihče "
        "nič ne reče.",
        mood=3.1,
    ),
    Written("q_other_comments", "Delo od doma en dan na teden se je zelo obneslo. Prosim, da ga ohranite.", mood=4.2),
    Written(
        "q_other_comments",
        "Pohvala Gregorju Mlinarju z informatike, ki vedno takoj priskoči na pomoč, tudi ko to ni njegovo delo.",
        decision=REDACT,
        name="Gregorju Mlinarju",
        department="Oddelek za finance",
        mood=4.1,
    ),
    Written("q_other_comments", "Sestankov je preveč. Marsikaterega bi lahko nadomestilo eno e-sporočilo."),
    Written("q_other_comments", "Anketa je predolga, nekatera vprašanja se ponavljajo."),
    Written(
        "q_other_comments",
        "Oddelki med seboj premalo sodelujemo. Vsak gleda le na svoj vrtiček, zato se skupni projekti vlečejo v "
        "nedogled.",
    ),
    Written(
        "q_other_comments",
        "Direktor naj na kolegijih neha povzdigovati glas nad sodelavci. Vsi to vidimo, pa nihče nič ne reče.",
        decision=WITHHOLD,
        mood=2.4,
    ),
    Written(
        "q_other_comments",
        "Ker sem v sprejemni pisarni edina s tremi majhnimi otroki, mi popoldanske uradne ure ob sredah "
        "povzročajo velike težave.",
        decision=WITHHOLD,
        department="Sprejemna pisarna",
    ),
]

_ONLINE = {"q_channel": ["website_eservices"], "q_eservices_satisfaction": "2"}
_ONLINE_BAD = {"q_channel": ["website_eservices", "in_person"], "q_eservices_satisfaction": "1"}

CITIZEN_TEXTS = [
    Written(
        "q_improve_first",
        "Uradne ure ob petkih do 13. ure so za zaposlene prekratke. Vsaj en dan v tednu bi morali delati do 17. ure.",
    ),
    Written(
        "q_improve_first",
        "Na spletni strani občine je težko najti obrazce. Iskalnik vrne vse mogoče, samo tega, kar iščeš, ne.",
        answers={"q_channel": ["website_eservices"]},
    ),
    Written("q_improve_first", "Parkiranje pred občino. Ko prideš urejat zadeve, ni kje parkirati."),
    Written(
        "q_other_comments",
        "Gospa v sprejemni pisarni je bila zelo prijazna in mi je vse lepo razložila. Hvala!",
        answers={"q_channel": ["in_person"]},
        mood=4.6,
    ),
    Written("q_other_comments", "Zelo hitro ste popravili udarno jamo na cesti v naši vasi. Pohvala!", mood=4.4),
    Written(
        "q_eservices_problems",
        "Vloge za odmero komunalnega prispevka ni mogoče oddati prek spleta, čeprav je na strani označena kot "
        "e-storitev. Na koncu sem jo moral prinesti osebno.",
        decision=PENDING,
        answers=_ONLINE_BAD,
        mood=2.6,
    ),
    Written(
        "q_improve_first",
        "Odgovor na pobudo za prehod za pešce pri šoli čakamo že tri mesece.",
        decision=PENDING,
        mood=2.9,
    ),
    Written(
        "q_other_comments",
        "Na odgovor glede najema dvorane v kulturnem domu sem čakala skoraj mesec dni, na telefon pa se ni nihče "
        "oglasil.",
        decision=PENDING,
        answers={"q_channel": ["phone", "email"]},
        mood=2.7,
    ),
    Written(
        "q_eservices_problems",
        "Spletni obrazec se je pri oddaji dvakrat sesul in vse, kar sem vpisala, se je izbrisalo.",
        decision=PENDING,
        answers=_ONLINE,
    ),
]

BUSINESS_TEXTS = [
    Written(
        "q_one_change",
        "Da bi lahko vse vloge oddali elektronsko in nam ne bi bilo treba vsakič znova prinašati istih dokazil.",
        decision=PENDING,
    ),
    Written(
        "q_other_comments",
        "Pri razpisu za pospeševanje podjetništva so bila merila nejasna, odgovor na naše vprašanje pa smo dobili "
        "šele po izteku roka.",
        decision=PENDING,
        mood=2.8,
    ),
]

BG_CITIZEN_TEXTS = [
    Written(
        "q_improve_first",
        "Работното време на гишетата. Който работи до 17:30 ч., не може да дойде да си плати данъците, без да си "
        "взима отпуск.",
        decision=PENDING,
    ),
    Written(
        "q_improve_first",
        "Опашките в началото на годината, когато се плащат местните данъци и такси. Нека се отварят повече гишета.",
        decision=PENDING,
        answers={"q_channel": ["in_person"]},
    ),
    Written(
        "q_other_comments",
        "Служителката на гишето за гражданска регистрация беше много любезна и ми обясни всичко търпеливо. Благодаря!",
        decision=PENDING,
        answers={"q_channel": ["in_person"]},
        mood=4.6,
    ),
    Written(
        "q_eservices_problems",
        "Електронното подаване изисква квалифициран електронен подпис, а аз нямам такъв. Накрая пак трябваше да "
        "дойда лично.",
        decision=PENDING,
        answers=_ONLINE_BAD,
        mood=2.8,
    ),
    Written(
        "q_improve_first",
        "Почистването на улиците в кварталите извън центъра. Сигналите ни остават без отговор.",
        decision=PENDING,
        mood=2.6,
    ),
    Written(
        "q_other_comments",
        "Преди два месеца подадох сигнал за неработещо улично осветление и още нямам отговор.",
        decision=PENDING,
        answers={"q_channel": ["phone"]},
        mood=2.5,
    ),
    Written(
        "q_eservices_problems",
        "Сайтът на общината не се отваря добре на телефон, а формулярите изобщо не могат да се попълнят.",
        decision=PENDING,
        answers=_ONLINE,
    ),
]

BG_BUSINESS_TEXTS = [
    Written(
        "q_one_change",
        "Всички документи да могат да се подават по електронен път, без да се носят на хартия.",
        decision=PENDING,
    ),
    Written(
        "q_one_change",
        "По-кратки срокове за издаване на разрешения за поставяне на преместваеми обекти.",
        decision=PENDING,
        answers={"q_sector": "trade"},
    ),
    Written(
        "q_other_comments",
        "Общината рядко се допитва до местния бизнес, преди да промени таксите. Бихме искали да ни канят на "
        "обсъжданията.",
        decision=PENDING,
        mood=2.9,
    ),
]
