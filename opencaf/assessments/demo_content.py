"""What the demo assessors write and how they score (data only; see demo.py for how it is used).

The texts are what staff of a small Slovenian municipality might write. Each subcriterion has a pool
of strengths, areas for improvement and ideas; the first wordings of each list are the points most
assessors raise.
"""

from __future__ import annotations

from datetime import date

from opencaf.assessments.models import EntryKind, PlanItemKind, PlanStatus

LEADER = "leader@example.org"
QUALITY = "quality@example.org"
MANAGER = "manager@example.org"
OWNER = "owner@example.org"
ASSESSORS = [f"assessor{number}@example.org" for number in range(1, 10)]

STRENGTH, AREA, IDEA = EntryKind.STRENGTH.value, EntryKind.AREA.value, EntryKind.IDEA.value

# A wording is one text, or a tuple of wordings of the same point (close enough for merging.fold to
# fold them); the first wordings of each list are the points most assessors raise.
Wording = str | tuple[str, ...]

CONTENT: dict[str, dict[str, list[Wording]]] = {
    "1.1": {
        STRENGTH: [
            "Vizija in poslanstvo sta objavljena na spletni strani in v prostorih občine.",
            "Vrednote občinske uprave so zapisane v Strategiji razvoja občine 2021–2030.",
            "Župan in direktor vizijo redno predstavljata na zboru zaposlenih.",
            "Pri pripravi strategije razvoja so sodelovali tudi občani in društva.",
        ],
        AREA: [
            "Zaposleni vizije in vrednot ne poznajo dovolj dobro.",
            "Poslanstvo in vizija nista bila pregledana od leta 2019.",
            "Vrednote niso povezane z vsakodnevnim delom in letnimi razgovori.",
            "Pri oblikovanju vizije niso bili vključeni vsi oddelki.",
        ],
        IDEA: [
            "Vsako leto na zboru zaposlenih pregledati poslanstvo, vizijo in vrednote.",
            "Vrednote vključiti v letne razgovore in v uvajanje novih sodelavcev.",
            "Pripraviti kratko zloženko z vizijo in vrednotami za zaposlene in občane.",
        ],
    },
    "1.2": {
        STRENGTH: [
            "Kolegij direktorja se sestaja vsak teden in spremlja izvajanje nalog.",
            "Organizacijska struktura in pristojnosti oddelkov so jasno določene v aktu o sistemizaciji.",
            "Občina ima vzpostavljen sistem notranjih kontrol in register tveganj.",
            "Letni program dela je usklajen s proračunom.",
        ],
        AREA: [
            (
                "Ni sistematičnega spremljanja kazalnikov uspešnosti po oddelkih.",
                "Ni sistematičnega spremljanja kazalnikov uspešnosti oddelkov.",
            ),
            "Register tveganj se ne posodablja redno.",
            "Odločitve kolegija se ne prenesejo do vseh zaposlenih.",
            "Izboljšave se uvajajo priložnostno, brez jasnega postopka.",
        ],
        IDEA: [
            "Uvesti četrtletno poročilo o ključnih kazalnikih za vodstvo.",
            "Povzetke sklepov kolegija objaviti na intranetu.",
            "Enkrat letno pregledati register tveganj z vodji oddelkov.",
        ],
    },
    "1.3": {
        STRENGTH: [
            "Vodje so dostopni in prisluhnejo predlogom zaposlenih.",
            "Direktor občinske uprave javno pohvali dobro opravljeno delo.",
            "Vodstvo omogoča prilagodljiv delovni čas in delo od doma.",
        ],
        AREA: [
            "Povratna informacija vodij o delu je redka in neformalna.",
            "Vodje oddelkov se med seboj zelo razlikujejo v načinu vodenja.",
            "Ni usposabljanj za vodje s področja vodenja in komuniciranja.",
            "Pohvale in priznanja niso sistematično urejeni.",
        ],
        IDEA: [
            "Organizirati usposabljanje iz vodenja za vse vodje oddelkov.",
            "Uvesti letno priznanje za sodelavca ali ekipo leta.",
            "Vodje naj vsaj enkrat mesečno opravijo kratek sestanek s svojo ekipo.",
        ],
    },
    "1.4": {
        STRENGTH: [
            "Sodelovanje z občinskim svetom in odbori je dobro, gradiva so pripravljena pravočasno.",
            "Župan redno sodeluje z ministrstvi in regionalno razvojno agencijo.",
            "Občina aktivno sodeluje v Skupnosti občin Slovenije.",
        ],
        AREA: [
            "Strokovne službe so premalo vključene v pripravo odločitev občinskega sveta.",
            "Ni pregleda ključnih deležnikov in njihovih pričakovanj.",
            "Komunikacija s krajevnimi skupnostmi je neenotna.",
        ],
        IDEA: [
            "Pripraviti seznam ključnih deležnikov in načrt komuniciranja z njimi.",
            "Pred sejami občinskega sveta organizirati predstavitve gradiv za svetnike.",
            "Uvesti redne letne sestanke s predsedniki krajevnih skupnosti.",
        ],
    },
    "2.1": {
        STRENGTH: [
            "Pri pripravi proračuna občina zbira predloge krajevnih skupnosti.",
            "Participativni proračun omogoča občanom, da sami predlagajo projekte.",
            "Pri načrtovanju se uporabljajo statistični podatki o občini (SURS).",
        ],
        AREA: [
            (
                "Ni sistematičnega merjenja zadovoljstva občanov.",
                "Ni sistematičnega merjenja zadovoljstva pri občanih.",
            ),
            "Potrebe ranljivih skupin (starejši, invalidi) niso posebej analizirane.",
            "Podatki o zunanjem okolju se zbirajo razpršeno po oddelkih.",
            "Ni rednih analiz pritožb in pobud občanov.",
        ],
        IDEA: [
            (
                "Vsaki dve leti izvesti anketo o zadovoljstvu občanov.",
                "Vsako drugo leto izvesti anketo o zadovoljstvu občanov.",
            ),
            "Pripraviti analizo SWOT občinske uprave.",
            "Enkrat letno analizirati pritožbe, pobude in vprašanja občanov.",
        ],
    },
    "2.2": {
        STRENGTH: [
            "Občina ima sprejeto Strategijo razvoja občine 2021–2030.",
            "Načrt razvojnih programov je usklajen s proračunom.",
            "Pripravljeni so sektorski načrti (celostna prometna strategija, lokalni energetski koncept).",
        ],
        AREA: [
            "Strateški cilji niso prevedeni v letne cilje oddelkov.",
            "Kazalniki v strategiji nimajo določenih ciljnih vrednosti.",
            "Pri pripravi načrtov zaposleni niso dovolj vključeni.",
        ],
        IDEA: [
            "Strateške cilje razčleniti na letne cilje oddelkov s kazalniki.",
            "Pri pripravi letnega programa dela vključiti vse vodje oddelkov.",
            "Za vsak strateški cilj določiti odgovorno osebo.",
        ],
    },
    "2.3": {
        STRENGTH: [
            "Strategija razvoja je objavljena na spletni strani občine.",
            "Izvajanje proračuna se spremlja s polletnim poročilom občinskemu svetu.",
            "Zaključni račun vsebuje poročilo o doseženih ciljih.",
        ],
        AREA: [
            "Zaposleni ne vedo, kako njihovo delo prispeva k strateškim ciljem.",
            "Izvajanje strategije se ne spremlja redno.",
            "Ni letnega pregleda doseganja ciljev po oddelkih.",
        ],
        IDEA: [
            (
                "Uvesti letni razgovor o ciljih z vsemi zaposlenimi.",
                "Uvesti letne razgovore o ciljih z vsemi zaposlenimi.",
            ),
            "Enkrat letno pripraviti poročilo o izvajanju strategije razvoja.",
            "Na zboru zaposlenih predstaviti letne cilje in doseženo.",
        ],
    },
    "2.4": {
        STRENGTH: [
            "Uvedeno je elektronsko poslovanje z dokumenti in e-podpis.",
            "Med epidemijo se je uprava hitro prilagodila delu na daljavo.",
            "Občina sodeluje v projektih pametnih skupnosti.",
        ],
        AREA: [
            "Predlogi zaposlenih za izboljšave se ne zbirajo sistematično.",
            "Spremembe se pogosto uvajajo brez predhodnega obveščanja zaposlenih.",
            "Ni časa in sredstev za preizkušanje novih rešitev.",
        ],
        IDEA: [
            "Uvesti nabiralnik predlogov za izboljšave (tudi na intranetu).",
            "Pri večjih spremembah pripraviti načrt obveščanja zaposlenih.",
            "Enkrat letno nagraditi najboljšo izboljšavo.",
        ],
    },
    "3.1": {
        STRENGTH: [
            "Akt o sistemizaciji je ažuren in usklajen z nalogami.",
            "Postopki zaposlovanja so pregledni in v skladu z zakonodajo.",
            "Za nove sodelavce je pripravljen program uvajanja.",
        ],
        AREA: [
            "Kadrovski načrt ni povezan s strateškimi cilji.",
            "Ni načrta nasledstev za ključna delovna mesta.",
            "Delo je med zaposlenimi neenakomerno porazdeljeno.",
            "Zaradi upokojitev izgubljamo znanje izkušenih sodelavcev.",
        ],
        IDEA: [
            "Pripraviti načrt nasledstev za ključna delovna mesta.",
            "Analizirati obremenjenost zaposlenih po oddelkih.",
            "Pred upokojitvijo uvesti obdobje prenosa znanja na naslednika.",
        ],
    },
    "3.2": {
        STRENGTH: [
            "Zaposleni se lahko udeležujejo usposabljanj na Upravni akademiji.",
            "Uprava ima načrt opravljanja strokovnih izpitov.",
            "Sodelavci si znanje izmenjujejo na internih predstavitvah.",
        ],
        AREA: [
            (
                "Letni razgovori se ne izvajajo z vsemi zaposlenimi.",
                "Letni razgovori se ne opravijo z vsemi zaposlenimi.",
            ),
            "Ni letnega načrta usposabljanj.",
            "Znanje z usposabljanj se ne prenaša na sodelavce.",
            "Kompetence za delovna mesta niso opredeljene.",
        ],
        IDEA: [
            (
                "Uvesti letni razgovor o ciljih z vsemi zaposlenimi.",
                "Uvesti letne razgovore o ciljih z vsemi zaposlenimi.",
            ),
            "Pripraviti letni načrt usposabljanj na podlagi letnih razgovorov.",
            "Po vsakem usposabljanju kratko predstaviti novosti sodelavcem.",
        ],
    },
    "3.3": {
        STRENGTH: [
            "Zaposleni imajo možnost dela od doma in gibljivega delovnega časa.",
            "Občina ima certifikat Družini prijazno podjetje.",
            "Organizirana sta športni dan in novoletno druženje.",
        ],
        AREA: [
            ("Ni ankete o zadovoljstvu zaposlenih.", "Ni ankete o zadovoljstvu med zaposlenimi."),
            "Zaposleni so premalo vključeni v odločanje.",
            "Ni programa promocije zdravja na delovnem mestu.",
            "Obremenitve v nekaterih oddelkih so previsoke, kar vodi v izgorelost.",
        ],
        IDEA: [
            "Pripraviti program promocije zdravja na delovnem mestu.",
            "Vsako leto izvesti anketo o zadovoljstvu zaposlenih.",
            "Vključiti zaposlene v delovne skupine za izboljšave.",
        ],
    },
    "4.1": {
        STRENGTH: [
            "Občina uspešno sodeluje s sosednjimi občinami v medobčinskem inšpektoratu.",
            "Z regionalno razvojno agencijo dobro sodelujemo pri pripravi projektov.",
            "Partnerstva z javnimi zavodi (šola, vrtec, knjižnica) so dobra.",
        ],
        AREA: [
            "Partnerstva niso formalizirana in se ne vrednotijo.",
            "Ni pregleda sklenjenih dogovorov in pogodb o sodelovanju.",
            "Sodelovanje z lokalnim gospodarstvom je šibko.",
        ],
        IDEA: [
            "Vzpostaviti evidenco partnerstev z odgovornimi osebami.",
            "Enkrat letno oceniti uspešnost ključnih partnerstev.",
            "Organizirati letno srečanje z lokalnimi podjetniki.",
        ],
    },
    "4.2": {
        STRENGTH: [
            "Občani v participativnem proračunu glasujejo o projektih v svoji krajevni skupnosti.",
            "Društva se financirajo prek javnih razpisov z jasnimi merili.",
            "Javne razgrnitve prostorskih aktov so dobro obiskane.",
        ],
        AREA: [
            "Občani redko dobijo povratno informacijo o svojih pobudah.",
            "Mladi so v odločanje premalo vključeni.",
            "Ni sistematičnega zbiranja predlogov občanov.",
        ],
        IDEA: [
            "Na spletni strani uvesti obrazec za pobude z javnim odgovorom.",
            "Ustanoviti mladinski svet občine.",
            (
                "Vsaki dve leti izvesti anketo o zadovoljstvu občanov.",
                "Vsako drugo leto izvesti anketo o zadovoljstvu občanov.",
            ),
        ],
    },
    "4.3": {
        STRENGTH: [
            "Proračun je pripravljen pravočasno in pregledno objavljen.",
            "Občina je uspešna pri pridobivanju evropskih in državnih sredstev.",
            "Finančno poslovanje je redno revidirano, brez večjih ugotovitev.",
            "Zadolženost občine je nizka.",
        ],
        AREA: [
            "Proračun ni povezan s cilji in kazalniki uspešnosti.",
            "Občani težko razumejo proračunske dokumente.",
            "Stroški posameznih storitev niso znani.",
        ],
        IDEA: [
            "Pripraviti proračun za občane v poljudni obliki.",
            "Uvesti spremljanje stroškov ključnih storitev.",
            "Proračunske postavke povezati s cilji iz strategije razvoja.",
        ],
    },
    "4.4": {
        STRENGTH: [
            "Dokumentni sistem omogoča hitro iskanje zadev.",
            "Intranet se uporablja za objavo obvestil in navodil.",
            "Informacije javnega značaja so objavljene v katalogu.",
        ],
        AREA: [
            "Znanje je vezano na posameznike; ob odsotnosti delo zastane.",
            "Navodila za delo niso zapisana ali so zastarela.",
            "Intranet ni pregleden, dokumente je težko najti.",
        ],
        IDEA: [
            "Za ključne postopke zapisati delovna navodila.",
            "Prenoviti intranet in urediti strukturo dokumentov.",
            "Uvesti sistem nadomeščanja z opisom nalog.",
        ],
    },
    "4.5": {
        STRENGTH: [
            "Strojna oprema je sodobna in se redno posodablja.",
            "Varnostne kopije se izdelujejo vsak dan.",
            "Uvedeno je elektronsko poslovanje in sprejem e-vlog.",
            "Informatik hitro odpravi težave z opremo.",
        ],
        AREA: [
            (
                "Spletna stran je zastarela in ni prilagojena mobilnim napravam.",
                "Spletna stran je zastarela in ni prilagojena za mobilne naprave.",
            ),
            "Programske rešitve oddelkov niso povezane med seboj.",
            "Zaposleni niso dovolj usposobljeni za uporabo programov.",
            "Ni strategije razvoja informatike.",
            "Informacijska varnost ni dovolj urejena.",
        ],
        IDEA: [
            "Pripraviti triletni načrt razvoja informatike.",
            "Izvesti usposabljanje iz informacijske varnosti za vse zaposlene.",
            "Prenoviti spletno stran občine.",
        ],
    },
    "4.6": {
        STRENGTH: [
            "Stavba občine je energetsko prenovljena.",
            "Sprejemna pisarna je v pritličju in dostopna gibalno oviranim.",
            "Službeni avtomobili se rezervirajo prek skupnega koledarja.",
        ],
        AREA: [
            "Pisarne so utesnjene, prostora za sestanke ni dovolj.",
            "Parkirnih mest za obiskovalce je premalo.",
            "Arhiv je v kleti in neustrezno urejen.",
        ],
        IDEA: [
            "Urediti dodatno sejno sobo v mansardi.",
            "Arhiv preseliti v ustrezne prostore in ga popisati.",
            "Pred občino urediti polnilnico za električna vozila.",
        ],
    },
    "5.1": {
        STRENGTH: [
            "Ključni postopki (gradbena dovoljenja, odločbe o NUSZ) so opisani.",
            "Rokovnik zadev opozarja na roke za reševanje.",
            "Obrazci za vloge so enotni in dostopni na spletu.",
        ],
        AREA: [
            "Procesi niso popisani in nimajo skrbnikov.",
            "Ni merjenja časa reševanja zadev.",
            "Postopki se prilagajajo zakonodaji, ne potrebam občanov.",
        ],
        IDEA: [
            "Popisati ključne procese in določiti njihove skrbnike.",
            "Uvesti merjenje časa reševanja vlog.",
            "Skupaj z uporabniki poenostaviti najpogostejše vloge.",
        ],
    },
    "5.2": {
        STRENGTH: [
            "Sprejemna pisarna občanom pomaga pri izpolnjevanju vlog.",
            "Uradne ure so prilagojene zaposlenim občanom (ob sredah do 17. ure).",
            "Večino vlog je mogoče oddati elektronsko.",
        ],
        AREA: [
            "Informacije na spletni strani je težko najti.",
            "Občani morajo iste podatke posredovati večkrat.",
            "Odgovori na vprašanja občanov so včasih prepozni.",
        ],
        IDEA: [
            "Na spletni strani pripraviti pogosta vprašanja in odgovore.",
            "Določiti rok za odgovor na e-pošto občanov (npr. 5 delovnih dni).",
            "Uvesti spletno naročanje na termin.",
        ],
    },
    "5.3": {
        STRENGTH: [
            "Sodelovanje med oddelki pri večjih investicijah je dobro.",
            "Medobčinski inšpektorat dobro usklajuje delo z občinami ustanoviteljicami.",
            "Z upravno enoto si podatke izmenjujemo elektronsko.",
        ],
        AREA: [
            "Informacije med oddelki ne krožijo dovolj hitro.",
            "Pri zadevah, ki jih rešuje več oddelkov, ni jasno, kdo je odgovoren.",
            "Isti podatki se vodijo v več evidencah.",
        ],
        IDEA: [
            "Za medoddelčne projekte imenovati vodjo projekta.",
            "Uvesti mesečni koordinacijski sestanek vodij oddelkov.",
            "Povezati evidence oddelkov v skupno bazo.",
        ],
    },
    "6.1": {
        STRENGTH: [
            "V zadnji anketi so bili občani zadovoljni s prijaznostjo zaposlenih.",
            "Pohval občanov je več kot pritožb.",
            "Občani so zadovoljni s hitrostjo postrežbe v sprejemni pisarni.",
        ],
        AREA: [
            (
                "Ni sistematičnega merjenja zadovoljstva občanov.",
                "Ni sistematičnega merjenja zadovoljstva pri občanih.",
            ),
            "Zadnja anketa med občani je bila izvedena leta 2019.",
            "Rezultati ankete niso bili predstavljeni ne zaposlenim ne občanom.",
        ],
        IDEA: [
            (
                "Vsaki dve leti izvesti anketo o zadovoljstvu občanov.",
                "Vsako drugo leto izvesti anketo o zadovoljstvu občanov.",
            ),
            "Uvesti kratko anketo po opravljeni storitvi (koda QR v sprejemni pisarni).",
            "Rezultate ankete objaviti na spletni strani.",
        ],
    },
    "6.2": {
        STRENGTH: [
            "Večina vlog je rešena v zakonskem roku.",
            "Število pritožb na odločbe se zmanjšuje.",
            "Število elektronskih vlog narašča.",
        ],
        AREA: [
            "Podatki o času reševanja vlog se ne zbirajo.",
            "Za kazalnike storitev ni določenih ciljnih vrednosti.",
            "Podatki o pritožbah se ne analizirajo.",
        ],
        IDEA: [
            "Določiti ciljne vrednosti za čas reševanja najpogostejših vlog.",
            "Četrtletno spremljati število pritožb in pohval.",
        ],
    },
    "7.1": {
        STRENGTH: [
            "Zaposleni so po neformalnih pogovorih zadovoljni z medsebojnimi odnosi.",
            "Zaposleni cenijo možnost dela od doma.",
        ],
        AREA: [
            ("Ni ankete o zadovoljstvu zaposlenih.", "Ni ankete o zadovoljstvu med zaposlenimi."),
            "Zaposleni ne poznajo rezultatov ankete SIOK.",
            "Zadovoljstvo z vodenjem se ne meri.",
        ],
        IDEA: [
            "Rezultate ankete SIOK predstaviti vsem zaposlenim in pripraviti ukrepe.",
            "Vsako leto izvesti anketo o zadovoljstvu zaposlenih.",
        ],
    },
    "7.2": {
        STRENGTH: [
            "Bolniška odsotnost je nižja od slovenskega povprečja.",
            "Fluktuacija zaposlenih je nizka.",
            "Vsi zaposleni so se v zadnjem letu udeležili vsaj enega usposabljanja.",
        ],
        AREA: [
            "Kazalniki o zaposlenih (odsotnost, usposabljanja) se ne spremljajo redno.",
            "Število ur usposabljanja na zaposlenega se ne evidentira.",
            "Podatki o nadurah kažejo preobremenjenost nekaterih oddelkov.",
        ],
        IDEA: [
            "Pripraviti letno kadrovsko poročilo s ključnimi kazalniki.",
            "Uvesti evidenco usposabljanj v kadrovski aplikaciji.",
        ],
    },
    "8.1": {
        STRENGTH: [
            "Mediji o občini poročajo večinoma pozitivno.",
            "Občina je prejela znak Slovenia Green za trajnostni turizem.",
            "Občani pozitivno ocenjujejo skrb občine za okolje.",
        ],
        AREA: [
            "Ni podatkov o tem, kako nas vidi lokalna skupnost.",
            "Odzivi v medijih in na družbenih omrežjih se ne spremljajo.",
        ],
        IDEA: [
            "Spremljati odzive v medijih in na družbenih omrežjih.",
            "V anketo za občane dodati vprašanja o ugledu občine.",
        ],
    },
    "8.2": {
        STRENGTH: [
            "Delež ločeno zbranih odpadkov se povečuje.",
            "Poraba energije v občinskih stavbah se je po energetski prenovi zmanjšala.",
            "Zaposleni sodelujejo v dobrodelnih akcijah in krvodajalstvu.",
        ],
        AREA: [
            "Ni kazalnikov za družbeno odgovornost.",
            "Zelena javna naročila se uporabljajo le izjemoma.",
            "Podatki o porabi papirja in energije se ne zbirajo sistematično.",
        ],
        IDEA: [
            "Uvesti letno spremljanje porabe energije, vode in papirja.",
            "Pri javnih naročilih uporabljati okoljska merila.",
        ],
    },
    "9.1": {
        STRENGTH: [
            "Načrtovane investicije (vrtec, kanalizacija) so bile izvedene v roku.",
            "Realizacija proračuna je visoka (nad 90 %).",
            "Občina je pridobila sredstva za večino prijavljenih projektov.",
        ],
        AREA: [
            "Rezultati se ne primerjajo z drugimi občinami.",
            "Ni jasnih kazalnikov učinkov za občane.",
            "Nekateri projekti zamujajo zaradi dolgotrajnih postopkov javnega naročanja.",
        ],
        IDEA: [
            "Ključne kazalnike primerjati s podobnimi občinami.",
            "Letno poročilo o delu občinske uprave objaviti na spletu.",
        ],
    },
    "9.2": {
        STRENGTH: [
            "Stroški delovanja uprave na prebivalca so nižji od povprečja primerljivih občin.",
            "Elektronsko poslovanje je zmanjšalo porabo papirja in stroške poštnine.",
            "Revizija računskega sodišča ni imela bistvenih pripomb.",
        ],
        AREA: [
            "Učinkovitost procesov se ne meri.",
            "Ni podatkov o stroških posameznih storitev.",
            "Izvajanje priporočil notranje revizije se ne spremlja sistematično.",
        ],
        IDEA: [
            "Uvesti nekaj kazalnikov učinkovitosti za ključne procese.",
            "Spremljati izvajanje priporočil notranje revizije.",
        ],
    },
}

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
        "Individualno ocenjevanje do 13. 11., nato konsenzne seje skupine.",
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
        "Dvodnevno usposabljanje: model CAF 2020, ocenjevanje s podrobnim točkovnikom, vaja na primerih.",
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
