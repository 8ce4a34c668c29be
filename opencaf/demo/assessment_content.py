"""What the demo assessors write (data only; see assessments.py for how it is used, and
assessment_cycles.py for how they score and how the two cycles went).

The texts are what staff of a small Slovenian municipality might write. Each subcriterion has a pool
of strengths, areas for improvement and ideas; the first wordings of each list are the points most
assessors raise.
"""

from __future__ import annotations

from opencaf.assessments.models import EntryKind

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
            "Občina ima certifikat »Družini prijazno podjetje«.",
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
            "Iz neformalnih pogovorov je razvidno, da so zaposleni zadovoljni z medsebojnimi odnosi.",
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
            "Revizija Računskega sodišča ni imela bistvenih pripomb.",
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
