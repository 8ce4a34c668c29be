"""The band meanings are OpenCAF's paraphrases of the CAF 2020 panels (l10n review YAML-4): users who
know the first-person wording of the national CAF handbooks are told so wherever the panels appear."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from opencaf.frameworks.models import FrameworkVersion

NOTE = {
    "en": "The band meanings are OpenCAF's summary of the CAF 2020 panels",
    "sl": "Opisi razponov so povzetek preglednic CAF 2020, ki ga je pripravil OpenCAF",
    "bg": "Описанията на диапазоните са обобщение на таблиците на CAF 2020, изготвено от OpenCAF",
}


@pytest.mark.parametrize("language", ["en", "sl", "bg"])
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("frameworks:scoring", {"code": "caf2020"}), ("frameworks:subcriterion", {"code": "caf2020", "subcode": "1.1"})],
)
def test_pages_with_panels_say_the_meanings_are_a_summary(
    caf_framework: FrameworkVersion, language: str, name: str, kwargs: dict[str, str]
) -> None:
    body = Client(headers={"accept-language": language}).get(reverse(name, kwargs=kwargs)).content.decode()
    assert NOTE[language] in body
