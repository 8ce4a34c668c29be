"""External feedback in the Slovenian demo network (data only; `feedback.py` seeds it through the services).

Two external feedback actors (EFACs) of the network and three cases of experienced CAF users
(`benchmarking_peers_content`), under the network's default procedure (pef-si):

- MO Kranj applied on its 2023 self-assessment in spring 2024 and was awarded the label on 20 January
  2025: valid until 20 January 2027, so it expires within 90 days of the story's day;
- UE Ljubljana applied on its 2025 self-assessment in September 2025 and was awarded on 20 November 2025;
- Občina Medvode applied on its 2025 self-assessment in June 2026; the organiser accepted it in July,
  both actors declared no conflict, the visit is on 15 December 2026 and the lead actor has scored the
  first pillar from the dossier.

Dates are those of the story as told on 7 December 2026 (naive, local time); `feedback.py` moves the
services' "now" back to them. Every person is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PROCEDURE = "pef-si"  # the Slovenian network's default procedure; the questions below are its codes
QUESTIONS = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3",
             "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8")  # fmt: skip

D, T = date, datetime


def by_question(*scores: int) -> dict[str, int]:
    """Scores of questions 1.1 … 3.8, in that order."""
    return dict(zip(QUESTIONS, scores, strict=True))


@dataclass(frozen=True)
class Efac:
    email: str
    name: str
    qualification: str


EVA = "efac@example.org"
TOMAZ = "efac2@example.org"
EFACS = (
    Efac(EVA, "Eva Kos", "Usposabljanje za zunanje ocenjevalce CAF, EIPA, 2023"),
    Efac(TOMAZ, "Tomaž Zupan", "Usposabljanje za zunanje ocenjevalce CAF, Ministrstvo za javno upravo, 2021"),
)
EFACS_ADDED = T(2024, 3, 15, 9)  # the coordinator put both on the network's list of EFACs


@dataclass(frozen=True)
class Document:
    """An item the organisation adds to its evidence register (a link) and attaches to the application."""

    title: str
    url: str
    pillar: int | None


@dataclass(frozen=True)
class Scoring:
    """One actor's own scores of a case, with notes on some questions."""

    actor: str  # e-mail
    scores: dict[str, int]
    notes: dict[str, str]
    on: datetime
    finished: bool


@dataclass(frozen=True)
class Story:
    organisation: str  # the short name of the experienced CAF user
    earlier_cycle: bool  # applied on the self-assessment before its latest one
    report_accepted: datetime | None  # management accepts that cycle's report then (None: accepted already)
    applied: datetime
    prepared: datetime  # answers, own scores and documents
    submitted: datetime
    accepted: datetime  # by the organiser, who assigns the actors the same day
    actors: tuple[str, str]  # the lead first
    declared: tuple[datetime, datetime]
    visit_scheduled: datetime
    visit: tuple[datetime, datetime]
    place: str
    agenda: str
    answers: dict[str, str]
    own_scores: dict[str, int]
    documents: tuple[Document, ...] = ()
    scorings: tuple[Scoring, ...] = ()
    agreed: dict[str, tuple[int, str]] = field(default_factory=dict)
    agreed_on: datetime | None = None
    findings: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""
    report_saved: datetime | None = None
    finalised: datetime | None = None
    awarded: date | None = None
    decision_note: str = ""


REPORT_NOTE = "Poročilo o samoocenjevanju je obravnaval in sprejel kolegij direktorja občinske uprave."


# --- MO Kranj: awarded on 20 January 2025, the label expires on 20 January 2027 --------------------

KRANJ = Story(
    organisation="MO Kranj",
    earlier_cycle=True,
    report_accepted=T(2023, 10, 13, 10),
    applied=T(2024, 4, 15, 9, 30),
    prepared=T(2024, 5, 10, 14),
    submitted=T(2024, 5, 17, 11),
    accepted=T(2024, 6, 4, 10),
    actors=(TOMAZ, EVA),
    declared=(T(2024, 6, 5, 8, 45), T(2024, 6, 6, 13, 10)),
    visit_scheduled=T(2024, 9, 2, 10),
    visit=(T(2024, 10, 8, 9), T(2024, 10, 8, 14)),
    place="Mestna občina Kranj, Slovenski trg 1, Kranj (sejna soba v 1. nadstropju)",
    agenda=(
        "9.00 Uvodni sestanek z direktorjem občinske uprave in vodjo projekta CAF\n"
        "9.45 Pogovor s skupino za samoocenjevanje (steber 1)\n"
        "11.00 Pogovor z nosilci ukrepov za izboljšanje (steber 2)\n"
        "12.00 Odmor\n"
        "12.30 Pogovor z zaposlenimi, ki niso bili v skupini (steber 3)\n"
        "13.30 Zaključni sestanek: prvi vtisi zunanjih ocenjevalcev in nadaljnji koraki"
    ),
    answers={
        "1": (
            "Župan in direktor občinske uprave sta februarja 2023 sprejela sklep o samoocenjevanju po modelu CAF "
            "za celotno občinsko upravo in za vodjo projekta imenovala vodjo Službe za kakovost. Projektni načrt "
            "je določil časovnico od marca do septembra 2023, potrebne vire in klasični način točkovanja.\n\n"
            "Zaposlene smo o projektu obvestili na zboru zaposlenih marca 2023, o napredku pa v novicah na "
            "intranetu. Skupino za samoocenjevanje je sestavljalo devet sodelavcev iz vseh oddelkov in z vseh "
            "ravni, od vodje urada do referentke v sprejemni pisarni. Pred začetkom je skupina opravila "
            "dvodnevno usposabljanje za model CAF.\n\n"
            "Vsak član je najprej ocenjeval sam, soglasje smo dosegli na štirih sejah skupine. Ker smo "
            "samoocenjevanje izvedli na papirju, smo na platformo vnesli dogovorjene ocene iz zapisnikov sej. "
            "Poročilo o samoocenjevanju je kolegij direktorja sprejel 13. oktobra 2023."
        ),
        "2": (
            "Na podlagi sprejetega poročila smo pripravili načrt izboljšav s šestimi ukrepi, ki smo jih "
            "razvrstili po učinku in izvedljivosti; vsak ima nosilca, rok in kazalnik. Načrt je novembra 2023 "
            "potrdil direktor občinske uprave.\n\n"
            "Z načrtom smo seznanili vse zaposlene na zboru zaposlenih in na intranetu, občane pa z objavo na "
            "spletni strani občine. Do aprila 2024 smo izvedli tri ukrepe, med njimi prenovo postopka izdaje "
            "soglasij za posege v javne površine in redno anketo o zadovoljstvu strank; trije so v izvajanju. "
            "Napredek kolegij spremlja vsake tri mesece."
        ),
        "3": (
            "Cilje občinske uprave spremljamo s kazalniki v četrtletnih poročilih vodstvu. Zadovoljstvo strank "
            "merimo z anketo po obisku sprejemne pisarne in z letno spletno anketo, pobude občanov zbiramo po "
            "e-pošti in jih obravnavamo v 15 dneh.\n\n"
            "Vodstvo se redno sestaja z vodji oddelkov, zaposleni imajo letne razgovore in načrt usposabljanj. "
            "S sosednjimi občinami sodelujemo v skupni občinski upravi, z regionalno razvojno agencijo pri "
            "razvojnih projektih. Pri javnih naročilih upoštevamo zelena merila, zaposleni sodelujejo v "
            "prostovoljskih akcijah."
        ),
    },
    own_scores=by_question(4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 4, 4, 3, 3, 3, 4, 3),
    scorings=(
        Scoring(
            TOMAZ,
            by_question(4, 3, 4, 3, 4, 4, 4, 3, 4, 3, 4, 3, 3, 3, 3, 4, 2),
            {"1.2": "Obveščanje je med izvajanjem zamrlo; zunanji deležniki niso bili obveščeni."},
            T(2024, 10, 17, 16),
            True,
        ),
        Scoring(
            EVA,
            by_question(4, 3, 4, 3, 4, 3, 4, 2, 4, 3, 4, 3, 3, 4, 3, 4, 2),
            {"2.2": "Občane so o načrtu obvestili le s kratko objavo na spletni strani."},
            T(2024, 10, 18, 11),
            True,
        ),
    ),
    agreed={
        "1.1": (4, "Sklep vodstva, projektni načrt z viri in imenovan vodja projekta; vse je dobro dokumentirano."),
        "1.2": (3, "Zaposleni so bili obveščeni ob začetku, med izvajanjem redko; zunanji deležniki ne."),
        "1.3": (4, "V skupini so bili vsi oddelki in vse ravni; sestavo so utemeljili v projektnem načrtu."),
        "1.4": (3, "Skupina je opravila dvodnevno usposabljanje, vodstvo se ga ni udeležilo."),
        "1.5": (4, "Vsak je najprej ocenjeval sam; zapisniki štirih sej kažejo razpravo o razlikah v ocenah."),
        "1.6": (4, "Poročilo je jasno, kolegij ga je sprejel in z njim seznanil zaposlene."),
        "2.1": (4, "Ukrepi izhajajo iz poročila, razvrščeni so po učinku in izvedljivosti, z nosilci in kazalniki."),
        "2.2": (3, "Zaposleni so bili z načrtom seznanjeni; občani in partnerji le s kratko objavo."),
        "2.3": (4, "Polovica ukrepov je izvedenih v pol leta, napredek kolegij spremlja četrtletno."),
        "3.1": (3, "Kazalniki obstajajo, ciljne vrednosti pa niso določene za vse."),
        "3.2": (4, "Zadovoljstvo strank merijo redno, na pobude občanov odgovorijo v 15 dneh."),
        "3.3": (3, "Vodstvo podpira kakovost, poslanstvo in vizijo pa zaposleni poznajo slabo."),
        "3.4": (3, "Ključni postopki so popisani le deloma; odločitve se opirajo na četrtletna poročila."),
        "3.5": (3, "Letni razgovori potekajo, načrt usposabljanj ni povezan s cilji oddelkov."),
        "3.6": (3, "Izboljšave so uvedli po samoocenjevanju; sistema za predloge zaposlenih še ni."),
        "3.7": (4, "Skupna občinska uprava in sodelovanje z razvojno agencijo sta dobro urejena."),
        "3.8": (2, "Zelena merila pri naročilih so začetek; sistematičnega pristopa k družbeni odgovornosti ni."),
    },
    agreed_on=T(2024, 10, 24, 13),
    findings={
        "1": {
            "strengths": (
                "Odločitev vodstva, projektni načrt in sestava skupine so zgledni: v skupini so bili vsi oddelki "
                "in vse ravni. Samostojno ocenjevanje in doseganje soglasja sta dobro dokumentirana v zapisnikih."
            ),
            "areas": (
                "Med samoocenjevanjem obveščajte zaposlene sproti, o projektu obvestite tudi zunanje deležnike. "
                "Vodstvo naj se usposabljanja udeleži skupaj s skupino."
            ),
        },
        "2": {
            "strengths": (
                "Načrt izboljšav izhaja iz poročila, ukrepi imajo nosilce, roke in kazalnike, kolegij napredek "
                "spremlja četrtletno. Polovica ukrepov je izvedenih v pol leta."
            ),
            "areas": "O načrtu in doseženem sproti obveščajte tudi občane in partnerje, ne le z eno objavo.",
        },
        "3": {
            "strengths": "Močna usmerjenost k strankam in urejena partnerstva s sosednjimi občinami.",
            "areas": (
                "Določite ciljne vrednosti vseh kazalnikov, povežite usposabljanja s cilji oddelkov in "
                "sistematično pristopite k družbeni odgovornosti."
            ),
        },
    },
    summary=(
        "Mestna občina Kranj je samoocenjevanje izvedla skrbno in v skladu z modelom CAF, ukrepe za izboljšanje "
        "uresničuje načrtno. Dogovorjene ocene v stebrih 1 in 2 skupaj znašajo 33 točk, vprašanja 1.1, 1.5 in "
        "2.3 dosegajo najnižjo zahtevano oceno. Priporočamo podelitev priznanja."
    ),
    report_saved=T(2024, 11, 28, 15),
    finalised=T(2024, 12, 10, 9),
    awarded=D(2025, 1, 20),
    decision_note="Priznanje podeljeno na podlagi poročila zunanjih ocenjevalcev z dne 10. 12. 2024.",
)


# --- UE Ljubljana: awarded on 20 November 2025 ------------------------------------------------------

LJUBLJANA = Story(
    organisation="UE Ljubljana",
    earlier_cycle=False,
    report_accepted=None,  # 28 February 2025
    applied=T(2025, 9, 1, 9, 15),
    prepared=T(2025, 9, 8, 15),
    submitted=T(2025, 9, 12, 10, 30),
    accepted=T(2025, 9, 22, 9),
    actors=(EVA, TOMAZ),
    declared=(T(2025, 9, 23, 8, 30), T(2025, 9, 24, 12)),
    visit_scheduled=T(2025, 9, 26, 11),
    visit=(T(2025, 10, 14, 9), T(2025, 10, 14, 14)),
    place="Upravna enota Ljubljana, Tobačna ulica 5, Ljubljana (sejna soba v 2. nadstropju)",
    agenda=(
        "9.00 Uvodni sestanek z načelnico in vodjo projekta CAF\n"
        "9.30 Pogovor s skupino za samoocenjevanje (steber 1)\n"
        "10.45 Ogled sprejemne pisarne in pogovor s svetovalci za stranke\n"
        "11.30 Pogovor z nosilcema ukrepov za izboljšanje (steber 2)\n"
        "12.15 Odmor\n"
        "12.45 Pogovor z zaposlenimi iz oddelkov, ki niso bili v skupini (steber 3)\n"
        "13.30 Zaključni sestanek z načelnico"
    ),
    answers={
        "1": (
            "Načelnica je septembra 2024 odločila, da upravna enota izvede drugo samoocenjevanje po modelu "
            "CAF 2020, tokrat na platformi. Obseg so vse notranje organizacijske enote in krajevni uradi. "
            "Projektni načrt je določil časovnico od novembra 2024 do februarja 2025, vodjo projekta in način "
            "točkovanja.\n\n"
            "O začetku smo zaposlene obvestili z dopisom načelnice in na sestankih oddelkov, o napredku v "
            "mesečnih novicah na intranetu. Skupino sta sestavljali Služba za kakovost in organizacijo ter "
            "sprejemna pisarna; mnenja drugih oddelkov smo zbrali z vprašalnikom, ki ga je izpolnilo 142 "
            "zaposlenih. Člana skupine sta se usposabljala na delavnici Ministrstva za javno upravo.\n\n"
            "Soglasje smo dosegli na dveh sejah, poročilo je kolegij sprejel 28. februarja 2025."
        ),
        "2": (
            "Iz poročila smo izbrali ukrepa z največjim učinkom za stranke in ju razvrstili po izvedljivosti: "
            "popis in poenostavitev ključnih postopkov ter redno anketo o zadovoljstvu uporabnikov storitev. "
            "Vsak ima nosilca, rok in kazalnik. Načrt izboljšav je načelnica potrdila 4. aprila 2025.\n\n"
            "Z načrtom smo seznanili zaposlene na zboru zaposlenih in na intranetu, stranke na spletni strani. "
            "Popis postopkov je skoraj končan: poenostavili smo izdajo potrdil iz uradnih evidenc in spletno "
            "naročanje na termine. Prva anketa o zadovoljstvu strank poteka septembra 2025."
        ),
        "3": (
            "Rezultate spremljamo s kazalniki: čas reševanja zadev, delež zadev, rešenih v roku, in čakalne "
            "dobe v sprejemni pisarni. Stranke termin naročijo po spletu, njihove pripombe obravnavamo "
            "tedensko.\n\n"
            "Vodstvo se z vodji enot sestaja vsak teden, zaposleni imajo letne razgovore in osebne načrte "
            "usposabljanja. Predloge zaposlenih zbiramo v nabiralniku predlogov, lani smo jih uresničili "
            "enajst. Z drugimi upravnimi enotami izmenjujemo dobre prakse, z elektronskim vročanjem smo "
            "zmanjšali porabo papirja."
        ),
    },
    own_scores=by_question(5, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4, 3, 3),
    scorings=(
        Scoring(
            EVA,
            by_question(4, 4, 3, 3, 4, 4, 4, 3, 4, 4, 4, 3, 4, 3, 3, 3, 3),
            {"1.3": "Skupina dveh članov; pogled drugih oddelkov je prišel le prek vprašalnika."},
            T(2025, 10, 20, 15),
            True,
        ),
        Scoring(
            TOMAZ,
            by_question(4, 4, 2, 3, 4, 4, 4, 3, 4, 4, 5, 3, 4, 3, 3, 3, 3),
            {"3.2": "Spletno naročanje na termine je skrajšalo čakanje; to kažejo tudi njihovi kazalniki."},
            T(2025, 10, 21, 10),
            True,
        ),
    ),
    agreed={
        "1.1": (4, "Odločitev načelnice, projektni načrt s časovnico in viri, imenovan vodja projekta."),
        "1.2": (4, "Zaposleni so bili obveščeni ob začetku in vsak mesec med izvajanjem."),
        "1.3": (3, "Skupina je imela le dva člana; vprašalnik za 142 zaposlenih je širino pogledov delno nadomestil."),
        "1.4": (3, "Člana skupine sta se usposabljala, vodstvo in drugi zaposleni ne."),
        "1.5": (4, "Samostojne ocene in soglasje na dveh sejah so dokumentirani na platformi."),
        "1.6": (4, "Poročilo je pregledno, sprejel ga je kolegij in z njim seznanil zaposlene."),
        "2.1": (4, "Ukrepa izhajata iz poročila, razvrščena sta po učinku in izvedljivosti, z nosilci in kazalniki."),
        "2.2": (3, "Zaposleni so bili o načrtu obveščeni; strankam je na spletni strani predstavljen le kratko."),
        "2.3": (4, "Popis postopkov je skoraj končan, poenostavitve so vidne strankam; anketa poteka."),
        "3.1": (4, "Kazalniki imajo ciljne vrednosti, vodstvo jih spremlja mesečno."),
        "3.2": (4, "Spletno naročanje in tedenska obravnava pripomb sta skrajšala čakanje strank."),
        "3.3": (3, "Vodstvo je zavezano kakovosti; vrednote so zapisane, a se o njih z zaposlenimi malo govori."),
        "3.4": (4, "Ključni postopki so popisani in poenostavljeni, odločitve temeljijo na podatkih."),
        "3.5": (3, "Letni razgovori in osebni načrti usposabljanja; zaposleni pogrešajo več vključenosti v odločitve."),
        "3.6": (3, "Nabiralnik predlogov deluje; izboljšav ne preverjajo sistematično po uvedbi."),
        "3.7": (3, "Izmenjava dobrih praks z drugimi upravnimi enotami; partnerstev zunaj uprave je malo."),
        "3.8": (3, "Elektronsko vročanje zmanjšuje porabo papirja; drugih ukrepov ni."),
    },
    agreed_on=T(2025, 10, 23, 14),
    findings={
        "1": {
            "strengths": (
                "Jasna odločitev vodstva in dober projektni načrt. Zaposleni so bili o samoocenjevanju obveščeni "
                "redno, vprašalnik, ki ga je izpolnilo 142 zaposlenih, je pogled skupine razširil."
            ),
            "areas": (
                "Pri naslednjem samoocenjevanju sestavite večjo skupino iz različnih enot in ravni, "
                "usposabljanja naj se udeleži tudi vodstvo."
            ),
        },
        "2": {
            "strengths": (
                "Ukrepa sta dobro izbrana in vidna strankam: spletno naročanje in poenostavljena izdaja potrdil "
                "sta skrajšala čakanje."
            ),
            "areas": "Strankam predstavite načrt in doseženo podrobneje, na primer v sprejemni pisarni.",
        },
        "3": {
            "strengths": "Usmerjenost k strankam in upravljanje na podlagi podatkov sta prednosti upravne enote.",
            "areas": (
                "Zaposlene bolj vključite v odločitve, učinke izboljšav preverjajte po uvedbi in razširite "
                "partnerstva zunaj državne uprave."
            ),
        },
    },
    summary=(
        "Upravna enota Ljubljana je samoocenjevanje izvedla v skladu z modelom CAF, ukrepa za izboljšanje sta "
        "dobro izbrana in ju strankam že koristita. Dogovorjene ocene v stebrih 1 in 2 skupaj znašajo 33 točk, "
        "vprašanja 1.1, 1.5 in 2.3 dosegajo najnižjo zahtevano oceno. Priporočamo podelitev priznanja."
    ),
    report_saved=T(2025, 10, 30, 16),
    finalised=T(2025, 11, 5, 10),
    awarded=D(2025, 11, 20),
    decision_note="Priznanje podeljeno na podlagi poročila zunanjih ocenjevalcev z dne 5. 11. 2025.",
)


# --- Občina Medvode: external feedback under way, the visit on 15 December 2026 ----------------------

MEDVODE = Story(
    organisation="Občina Medvode",
    earlier_cycle=False,
    report_accepted=None,  # 28 November 2025
    applied=T(2026, 6, 2, 9),
    prepared=T(2026, 6, 15, 14),
    submitted=T(2026, 6, 19, 12),
    accepted=T(2026, 7, 3, 10),
    actors=(EVA, TOMAZ),
    declared=(T(2026, 7, 6, 9), T(2026, 7, 7, 10, 30)),
    visit_scheduled=T(2026, 11, 16, 10),
    visit=(T(2026, 12, 15, 9), T(2026, 12, 15, 14)),
    place="Občina Medvode, Cesta komandanta Staneta 12, Medvode (velika sejna soba)",
    agenda=(
        "9.00 Uvodni sestanek z direktorico občinske uprave in predstavnico vodstva za kakovost\n"
        "9.30 Pogovor s skupino za samoocenjevanje o procesu samoocenjevanja (steber 1)\n"
        "10.45 Pogovor z nosilcema ukrepov za izboljšanje (steber 2)\n"
        "11.45 Odmor\n"
        "12.15 Pogovor z zaposlenimi iz oddelkov, ki niso bili v skupini (steber 3)\n"
        "13.30 Zaključni sestanek z vodstvom: prvi vtisi in nadaljnji koraki"
    ),
    answers={
        "1": (
            "Odločitev o samoocenjevanju je kolegij direktorice občinske uprave sprejel junija 2025, ko smo "
            "pripravljali program dela za leto 2026. Obseg je celotna občinska uprava, vodja projekta je "
            "predstavnica vodstva za kakovost. Projektni načrt je določil časovnico od avgusta do novembra 2025 "
            "in čas, ki ga člani skupine namenijo samoocenjevanju.\n\n"
            "Zaposlene smo obvestili na zboru zaposlenih in z obvestilom na intranetu. Skupino sta sestavljali "
            "predstavnica vodstva za kakovost in sodelavec iz sprejemne pisarne, ki vsak dan dela s strankami; "
            "pogled drugih oddelkov smo dobili na petih delavnicah po oddelkih, ki se jih je udeležilo 31 "
            "zaposlenih. Oba člana skupine sta opravila usposabljanje za model CAF v mreži.\n\n"
            "Vsak je najprej ocenjeval sam, nato sta na treh srečanjih uskladila ocene. Poročilo je kolegij "
            "sprejel 28. novembra 2025 in ga objavil na intranetu."
        ),
        "2": (
            "Na podlagi poročila smo pripravili načrt izboljšav z dvema prednostnima ukrepoma: spremljanje "
            "rokov reševanja zadev in stroškov po postopkih ter redno anketo o zadovoljstvu uporabnikov "
            "storitev. Izbrali smo ju, ker imata največji učinek za stranke in ju zmoremo z obstoječimi viri. "
            "Načrt je direktorica potrdila 2. januarja 2026, vsak ukrep ima nosilca, rok in kazalnik.\n\n"
            "O načrtu smo obvestili zaposlene na zboru zaposlenih, občane pa v Glasilu občine. Oba ukrepa se "
            "izvajata: prvo poročilo o rokih reševanja zadev je kolegij obravnaval maja 2026, anketo o "
            "zadovoljstvu bomo izvedli julija."
        ),
        "3": (
            "Cilje občinske uprave vsako leto določimo v programu dela in jih spremljamo polletno. Vloge lahko "
            "občani oddajo tudi elektronsko, pobude zbiramo na spletni strani in nanje odgovorimo v 14 dneh.\n\n"
            "Direktorica se z vodji oddelkov sestaja vsak teden, vsi zaposleni imajo letni razgovor. S "
            "sosednjimi občinami sodelujemo v skupni občinski upravi, s šolami in društvi pri projektih za "
            "mlade in starejše. Pri javnih naročilih upoštevamo zelena merila."
        ),
    },
    own_scores=by_question(4, 4, 3, 4, 4, 4, 4, 3, 3, 3, 4, 3, 3, 3, 3, 4, 3),
    documents=(
        Document(
            "Sklep kolegija o izvedbi samoocenjevanja po modelu CAF (junij 2025)",
            "https://www.example.org/medvode/sklep-samoocenjevanje-caf-2025",
            1,
        ),
        Document(
            "Zapisnik seje kolegija o sprejemu poročila o samoocenjevanju (28. 11. 2025)",
            "https://www.example.org/medvode/zapisnik-kolegija-2025-11-28",
            1,
        ),
        Document(
            "Objava načrta izboljšav v Glasilu občine (februar 2026)",
            "https://www.example.org/medvode/glasilo-2026-02",
            2,
        ),
    ),
    scorings=(
        Scoring(
            EVA,
            {"1.1": 4, "1.2": 3, "1.3": 2, "1.4": 4, "1.5": 3, "1.6": 4},
            {
                "1.2": "Na obisku vprašati zaposlene, ali so bili med samoocenjevanjem sproti obveščeni.",
                "1.3": "Skupina dveh članov; preveriti, kako so upoštevali mnenja s petih delavnic po oddelkih.",
                "1.5": "Prositi za zapiske treh srečanj, na katerih sta člana uskladila ocene.",
            },
            T(2026, 11, 30, 17),
            False,
        ),
    ),
)

CASES = (KRANJ, LJUBLJANA, MEDVODE)  # in the order they happened: the label numbers follow it
# The organisations the external feedback demo puts at the portfolio's stages "external feedback"
# (Medvode) and "label" (UE Ljubljana); MO Kranj's label is on its earlier self-assessment.
AT_FEEDBACK_STAGES = ("Občina Medvode", "UE Ljubljana")
