"""Slovenian and Bulgarian pages read as a native speaker writes: no English left over from Django or
allauth, and dates in the national forms ("3. junija 2024", "2 декември 2026 г.")."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from conftest import World, client_for
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.tests.factories import PASSWORD


def _formatted(language: str, value: date | datetime, format_name: str) -> str:
    with translation.override(language):
        return formats.date_format(value, format_name)


@pytest.mark.parametrize(
    ("language", "value", "format_name", "expected"),
    [
        ("sl", date(2024, 6, 3), "DATE_FORMAT", "3. junija 2024"),
        ("sl", date(2024, 1, 5), "DATE_FORMAT", "5. januarja 2024"),
        ("sl", date(2026, 3, 2), "SHORT_DATE_FORMAT", "2. mar. 2026"),
        ("sl", date(2026, 5, 2), "SHORT_DATE_FORMAT", "2. maj 2026"),
        ("sl", date(2024, 1, 5), "MONTH_DAY_FORMAT", "5. januarja"),
        ("sl", date(2024, 1, 5), "YEAR_MONTH_FORMAT", "januar 2024"),
        ("sl", datetime(2024, 6, 3, 14, 30), "DATETIME_FORMAT", "3. junija 2024 ob 14:30"),
        ("sl", datetime(2026, 3, 2, 9, 5), "SHORT_DATETIME_FORMAT", "2. mar. 2026, 09:05"),
        ("bg", date(2026, 12, 2), "DATE_FORMAT", "2 декември 2026 г."),
        ("bg", date(2026, 3, 2), "SHORT_DATE_FORMAT", "02.03.2026 г."),
        ("bg", date(2024, 1, 5), "MONTH_DAY_FORMAT", "5 януари"),
        ("bg", date(2024, 1, 5), "YEAR_MONTH_FORMAT", "януари 2024 г."),
        ("bg", datetime(2026, 12, 2, 14, 30), "DATETIME_FORMAT", "2 декември 2026 г., 14:30 ч."),
        ("bg", datetime(2026, 3, 2, 9, 5), "SHORT_DATETIME_FORMAT", "02.03.2026 г., 09:05 ч."),
    ],
)
def test_dates_are_written_as_natives_write_them(
    language: str, value: date | datetime, format_name: str, expected: str
) -> None:
    assert _formatted(language, value, format_name) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_month_names_in_dates_are_lower_case(month: int) -> None:
    for language in ("sl", "bg"):
        for format_name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT"):
            text = _formatted(language, date(2026, month, 2), format_name)
            assert text == text.lower(), (language, format_name, text)


def test_english_dates_keep_djangos_format() -> None:
    assert _formatted("en", date(2024, 6, 3), "DATE_FORMAT") == "June 3, 2024"


@pytest.mark.parametrize(("language", "blank"), [("sl", "– Izberite –"), ("bg", "– Изберете –")])
def test_a_page_with_a_select_shows_no_english_blank_label(
    world: World, caf_framework: object, language: str, blank: str
) -> None:
    plan = make_plan(world.alice_org, world.alice, caf_framework)  # type: ignore[arg-type]
    world.alice.language = language
    world.alice.save(update_fields=["language"])
    url = reverse("improvement:action_new", args=[world.alice_org.public_id, plan.public_id])
    page = client_for(world.alice).get(url).content.decode()
    assert "Select an option" not in page
    assert f">{blank}</option>" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sl", "Prijavljeni ste kot Alice Adams."), ("bg", "Влязохте в системата като Alice Adams.")],
)
def test_signing_in_greets_in_the_persons_own_language(world: World, language: str, expected: str) -> None:
    """The login request is anonymous (the browser's language, here English); the message must
    still be written in the language the person chose."""
    world.alice.language = language
    world.alice.save(update_fields=["language"])
    client = Client(headers={"accept-language": "en"})
    response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == [expected]


def test_the_plan_title_follows_the_readers_language(world: World, caf_framework: object) -> None:
    """The plan's generated title is composed when shown, not stored in its creator's language."""
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    with translation.override("sl"):
        plan = make_plan(world.alice_org, world.alice, caf_framework)  # type: ignore[arg-type]
    url = reverse("improvement:detail", args=[world.alice_org.public_id, plan.public_id])
    assessment_title = plan.assessment.title
    for language, expected in (("sl", "Načrt izboljšav"), ("bg", "План за подобрение"), ("en", "Improvement plan")):
        world.alice.language = language
        world.alice.save(update_fields=["language"])
        page = client_for(world.alice).get(url).content.decode()
        assert f'<h1 class="mb-0">{expected}: {assessment_title}</h1>' in page, language


@pytest.mark.parametrize("language", ["sl", "bg", "en"])
def test_the_docx_report_writes_dates_as_the_pdf_does(language: str) -> None:
    from django.template import Context, Template
    from django.utils import timezone

    from opencaf.reports.documents import document_date

    accepted_at = timezone.make_aware(datetime(2026, 12, 2, 23, 30), timezone.get_fixed_timezone(0))
    with translation.override(language):
        in_pdf = Template('{{ when|date:"DATE_FORMAT" }}').render(Context({"when": accepted_at}))
        assert document_date(accepted_at) == in_pdf
    assert _formatted("bg", timezone.localtime(accepted_at), "DATE_FORMAT") == "3 декември 2026 г."  # Ljubljana time


def test_the_slovenian_plan_calls_its_actions_ukrepi(world: World, caf_framework: object) -> None:
    """'Action' of the plan is a measure (ukrep), not a deed (dejanje) as in the audit log."""
    plan = make_plan(world.alice_org, world.alice, caf_framework)  # type: ignore[arg-type]
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    url = reverse("improvement:detail", args=[world.alice_org.public_id, plan.public_id])
    page = client_for(world.alice).get(url).content.decode()
    assert '<h2 id="actions-heading" class="h4">Ukrepi</h2>' in page
    assert "Dejanj" not in page


def test_bulgarian_sentences_do_not_end_with_a_second_period_after_a_date() -> None:
    """Every Bulgarian date and date-time format ends with an abbreviation's period ("2026 г.",
    "14:30 ч."), which also ends the sentence: "…до %(date)s." would print "г.."."""
    import re

    import polib
    from django.conf import settings

    ends_after_date = re.compile(r"%\((?:date|opens|closes|day|due|when|until|deadline)[a-z_]*\)s\.$")
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "bg" / "LC_MESSAGES" / "django.po"))
    offending = [
        entry.msgid
        for entry in catalogue
        for text in ([entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values()))
        if ends_after_date.search(text)
    ]
    assert offending == []
