"""Ready-made recognition schemes a network can start from and then edit. Free of Django.

The Slovenian national recognitions: the Ministry of Public Administration (MJU) recognises each year
the organisations that used CAF in the year before, at a ceremony early in the next year:

- bronze "Začetnik CAF" for a first self-assessment,
- silver "Uporabnik CAF" for a repeated self-assessment,
- gold "Uspešen uporabnik CAF" for passing the CAF external feedback procedure (CAF EPI / PEF).

Verified (gov.si news of 16 January 2020, 19 January 2023 and 24 January 2025; glossary): the three
Slovenian names (spelling "Uspešen"), their colours, what each level is for, that the 2019
recognitions went to organisations that carried out a self-assessment and an improvement plan in the
year before, and the glossary terms (poročilo o samooceni, načrt izboljšav, zunanja povratna informacija,
Učinkovit uporabnik CAF / Ефективен потребител на CAF).

UNVERIFIED, OpenCAF's own wording until the ministry's published conditions are found:
- every checklist item (the ministry publishes no checklist; the items spell out the sources above),
- the English names ("CAF Beginner", "CAF User", "Successful CAF User"; no official English text),
- all Bulgarian texts (Bulgaria has no such recognitions: the names are descriptive translations),
- the scheme's name and description in every language,
- the validity: none is published, so the awards do not lapse (`validity_years=None`); the Effective CAF
  User label itself is valid for two years in the European procedure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PresetLevel:
    name: Mapping[str, str]
    criteria: tuple[Mapping[str, str], ...]


@dataclass(frozen=True)
class Preset:
    key: str
    name: Mapping[str, str]
    description: Mapping[str, str]
    validity_years: int | None
    levels: tuple[PresetLevel, ...]


_REPORT_TO_MANAGEMENT = {
    "en": "The self-assessment report was presented to the organisation's management.",
    "sl": "Poročilo o samooceni je bilo predstavljeno vodstvu organizacije.",
    "bg": "Докладът за самооценка е представен на ръководството на организацията.",
}
_PLAN_APPROVED = {
    "en": "Management approved an improvement plan drawn up from the self-assessment.",
    "sl": "Vodstvo je potrdilo načrt izboljšav, pripravljen na podlagi samoocene.",
    "bg": "Ръководството е одобрило план за подобрение, изготвен въз основа на самооценката.",
}
_SENT_TO_COORDINATOR = {
    "en": "The organisation sent its self-assessment report and improvement plan to the national CAF coordinator.",
    "sl": "Organizacija je poročilo o samooceni in načrt izboljšav posredovala nacionalnemu koordinatorju CAF.",
    "bg": "Организацията е изпратила доклада за самооценка и плана за подобрение на националния координатор по CAF.",
}

SLOVENIAN_NATIONAL = Preset(
    key="si-national",
    name={
        "en": "CAF recognitions",
        "sl": "Priznanja CAF",
        "bg": "Признания за CAF",
    },
    description={
        "en": (
            "Recognitions given each year to public-sector organisations for their use of the Common "
            "Assessment Framework: bronze for a first self-assessment, silver for a repeated "
            "self-assessment and gold for passing the CAF external feedback procedure."
        ),
        "sl": (
            "Priznanja, ki se vsako leto podelijo organizacijam javnega sektorja za uporabo Skupnega "
            "ocenjevalnega okvira – modela CAF: bronasto za prvo samoocenjevanje, srebrno za ponovno "
            "samoocenjevanje in zlato za uspešno opravljen postopek zunanje povratne informacije CAF."
        ),
        "bg": (
            "Признания, които се присъждат всяка година на организации от публичния сектор за прилагането "
            "на Общата рамка за оценка (CAF): бронзово – за първа самооценка, сребърно – за повторна "
            "самооценка, и златно – за успешно премината процедура за външна обратна връзка по CAF."
        ),
    },
    validity_years=None,
    levels=(
        PresetLevel(
            name={"en": "CAF Beginner", "sl": "Začetnik CAF", "bg": "Начинаещ потребител на CAF"},
            criteria=(
                {
                    "en": "The organisation carried out its first self-assessment with the CAF model in the year.",
                    "sl": "Organizacija je v letu prvič izvedla samoocenjevanje po modelu CAF.",
                    "bg": "През годината организацията е извършила първата си самооценка по модела CAF.",
                },
                _REPORT_TO_MANAGEMENT,
                _PLAN_APPROVED,
                _SENT_TO_COORDINATOR,
            ),
        ),
        PresetLevel(
            name={"en": "CAF User", "sl": "Uporabnik CAF", "bg": "Потребител на CAF"},
            criteria=(
                {
                    "en": (
                        "The organisation carried out a repeated self-assessment with the CAF model in the "
                        "year, having self-assessed with CAF at least once before."
                    ),
                    "sl": (
                        "Organizacija je v letu ponovno izvedla samoocenjevanje po modelu CAF; po modelu CAF "
                        "se je samoocenjevala že vsaj enkrat prej."
                    ),
                    "bg": (
                        "През годината организацията е извършила повторна самооценка по модела CAF, след като "
                        "вече поне веднъж е правила самооценка по CAF."
                    ),
                },
                _REPORT_TO_MANAGEMENT,
                {
                    "en": "The organisation reviewed how the actions of its previous improvement plan went.",
                    "sl": "Organizacija je pregledala izvedbo ukrepov iz prejšnjega načrta izboljšav.",
                    "bg": "Организацията е прегледала изпълнението на мерките от предишния си план за подобрение.",
                },
                _PLAN_APPROVED,
                _SENT_TO_COORDINATOR,
            ),
        ),
        PresetLevel(
            name={"en": "Successful CAF User", "sl": "Uspešen uporabnik CAF", "bg": "Успешен потребител на CAF"},
            criteria=(
                {
                    "en": "The organisation went through the CAF external feedback procedure (PEF) in the year.",
                    "sl": "Organizacija je v letu opravila postopek zunanje povratne informacije CAF (postopek PEF).",
                    "bg": "През годината организацията е преминала процедурата за външна обратна връзка по CAF.",
                },
                {
                    "en": "The organisation was granted the Effective CAF User label.",
                    "sl": "Organizacija je pridobila oznako »Učinkovit uporabnik CAF«.",
                    "bg": "Организацията е получила отличието „Ефективен потребител на CAF“.",
                },
            ),
        ),
    ),
)

PRESETS: dict[str, Preset] = {SLOVENIAN_NATIONAL.key: SLOVENIAN_NATIONAL}
