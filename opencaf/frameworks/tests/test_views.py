from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from opencaf.frameworks.models import FrameworkVersion

PAGES = [
    ("frameworks:detail", {"code": "caf2020"}),
    ("frameworks:scoring", {"code": "caf2020"}),
    ("frameworks:process", {"code": "caf2020"}),
    ("frameworks:subcriterion", {"code": "caf2020", "subcode": "4.3"}),
    ("frameworks:subcriterion", {"code": "caf2020", "subcode": "9.2"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("language", ["en", "sl", "bg"])
def test_framework_pages_in_every_language(
    name: str,
    kwargs: dict[str, str],
    language: str,
    caf_framework: FrameworkVersion,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = Client(headers={"accept-language": language})
    with django_assert_max_num_queries(8):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    expected_name = {
        "en": "Common Assessment Framework",
        "sl": "Skupni ocenjevalni okvir",
        "bg": "Обща рамка за оценка",
    }
    if name != "frameworks:subcriterion":
        assert expected_name[language] in body


def test_criteria_page_lists_all_subcriteria(caf_framework: FrameworkVersion) -> None:
    body = (
        Client(headers={"accept-language": "sl"}).get(reverse("frameworks:detail", kwargs={"code": "caf2020"})).content
    )
    for code in ("1.1", "2.4", "3.3", "4.6", "5.3", "6.2", "7.2", "8.2", "9.2"):
        assert f"/subcriteria/{code}/".encode() in body
    assert b"Voditeljstvo" in body


def test_subcriterion_shows_the_panels_of_its_kind(caf_framework: FrameworkVersion) -> None:
    client = Client(headers={"accept-language": "en"})
    enabler = client.get(reverse("frameworks:subcriterion", kwargs={"code": "caf2020", "subcode": "1.1"})).content
    assert b"enablers panel" in enabler and b"results panel" not in enabler
    assert b"Action is planned and being implemented." in enabler
    result = client.get(reverse("frameworks:subcriterion", kwargs={"code": "caf2020", "subcode": "6.1"})).content
    assert b"results panel" in result and b"enablers panel" not in result


def test_unknown_framework_or_subcriterion_is_404(caf_framework: FrameworkVersion) -> None:
    client = Client()
    assert client.get(reverse("frameworks:detail", kwargs={"code": "caf1999"})).status_code == 404
    assert (
        client.get(reverse("frameworks:subcriterion", kwargs={"code": "caf2020", "subcode": "10.1"})).status_code == 404
    )


def test_index_redirects_to_the_only_framework(caf_framework: FrameworkVersion) -> None:
    response = Client().get(reverse("frameworks:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("frameworks:detail", kwargs={"code": "caf2020"})


@pytest.mark.django_db
def test_index_without_frameworks_explains_what_to_do() -> None:
    response = Client().get(reverse("frameworks:index"))
    assert response.status_code == 200
    assert b"load_frameworks" in response.content
