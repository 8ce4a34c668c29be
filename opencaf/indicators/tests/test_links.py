"""Signed value links: the owner enters the value of one period without signing in; a link that was
changed, has expired, or belongs to a replaced owner or an archived indicator is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.indicators import links, services
from opencaf.indicators.models import Indicator, Measurement
from opencaf.indicators.rules import Frequency, Period
from opencaf.indicators.services import IndicatorInput
from opencaf.indicators.tests.factories import aim, make_indicator, record
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

OCTOBER = Period(Frequency.MONTHLY, 2026, 10)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to("2026-12-06 09:00")  # October's value was due on 15 November


@pytest.fixture
def owner(world: World) -> Membership:
    return add_member(world.alice_org, UserFactory(full_name="Olga Owner"), Role.ACTION_OWNER)


@pytest.fixture
def indicator(world: World, owner: Membership) -> Indicator:
    return make_indicator(
        world.alice_org,
        world.alice,
        name={"en": "Days to decide a permit", "sl": "Dnevi do odločbe"},
        unit="days",
        direction="lower_better",
        frequency="monthly",
        decimals=0,
        owner=owner,
    )


def _url(indicator: Indicator, period: Period = OCTOBER) -> str:
    return reverse("indicators:value_by_link", kwargs={"token": links.make_token(indicator, period)})


def _post(url: str, value: str, client: Any = None, **extra: str) -> Any:
    data = {"value-value": value, "value-status": "final", "value-comment": "From the register", **extra}
    return (client or client_for(None)).post(url, data)


def _input(indicator: Indicator, **changes: Any) -> IndicatorInput:
    data = IndicatorInput(
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        frequency=indicator.frequency,
        decimals=indicator.decimals,
        owner=indicator.owner,
    )
    return replace(data, **changes)


# --- what the link carries -----------------------------------------------------------------------


def test_a_good_link_names_its_indicator_and_period(indicator: Indicator) -> None:
    link = links.read_token(links.make_token(indicator, OCTOBER))
    assert link.indicator == indicator and link.period == OCTOBER


def test_an_indicator_without_owner_has_no_link(world: World) -> None:
    ownerless = make_indicator(world.alice_org, world.alice)
    with pytest.raises(ValueError, match="without an owner"):
        links.make_token(ownerless, Period(Frequency.QUARTERLY, 2026, 3))


def test_a_changed_link_is_refused(indicator: Indicator) -> None:
    token = links.make_token(indicator, OCTOBER)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(links.LinkProblem) as problem:
        links.read_token(tampered)
    assert problem.value.reason == links.LinkProblem.TAMPERED and problem.value.language == ""
    response = client_for(None).get(reverse("indicators:value_by_link", kwargs={"token": tampered}))
    assert response.status_code == 400 and b"not valid" in response.content


def test_an_expired_link_is_refused_in_the_owners_language(
    indicator: Indicator, owner: Membership, time_machine: Any
) -> None:
    owner.user.language = "sl"
    owner.user.save()
    url = _url(indicator)
    time_machine.move_to(timezone.now() + timedelta(days=31))  # INDICATOR_LINK_VALID_DAYS is 30
    response = client_for(None).get(url, headers={"accept-language": "en"})
    assert response.status_code == 410
    assert response["Content-Language"] == "sl" and b'<html lang="sl">' in response.content
    assert not Measurement.objects.exists()


def test_a_new_owner_raises_the_link_version_and_the_old_link_stops(world: World, indicator: Indicator) -> None:
    url = _url(indicator)
    version = indicator.link_version
    successor = add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)
    with transaction.atomic():
        services.update_indicator(actor=world.alice, indicator=indicator, data=_input(indicator, owner=successor))
    indicator.refresh_from_db()
    assert indicator.link_version == version + 1
    assert client_for(None).get(url).status_code == 410
    assert _post(url, "30").status_code == 410 and not Measurement.objects.exists()
    assert client_for(None).get(_url(indicator)).status_code == 200  # the new owner's link works
    # Other changes leave the links alone.
    with transaction.atomic():
        services.update_indicator(actor=world.alice, indicator=indicator, data=_input(indicator, decimals=1))
    indicator.refresh_from_db()
    assert indicator.link_version == version + 1


@pytest.mark.parametrize("change", ["archived", "deleted", "no owner", "account closed", "frequency"])
def test_a_link_to_a_replaced_indicator_is_refused(indicator: Indicator, owner: Membership, change: str) -> None:
    url = _url(indicator)
    if change == "archived":
        Indicator.objects.filter(pk=indicator.pk).update(archived=True)
    elif change == "deleted":
        indicator.delete()
    elif change == "no owner":
        owner.delete()  # the member left the organisation
    elif change == "account closed":
        type(owner.user).objects.filter(pk=owner.user_id).update(is_active=False)
    else:  # no values yet, so the frequency may change; October is no quarter
        Indicator.objects.filter(pk=indicator.pk).update(frequency="quarterly")
    response = _post(url, "30")
    assert response.status_code == 410 and b"no longer works" in response.content
    assert not Measurement.objects.exists()


def test_periods_read_as_people_write_them() -> None:
    assert links.period_label(OCTOBER) == "October 2026"
    assert links.period_label(Period(Frequency.QUARTERLY, 2026, 1)) == "Q1 2026"
    assert links.period_label(Period(Frequency.HALF_YEARLY, 2026, 2)) == "H2 2026"
    assert links.period_label(Period(Frequency.YEARLY, 2026, 1)) == "2026"
    with translation.override("sl"):
        assert links.period_label(OCTOBER) == "oktober 2026"


# --- the page ------------------------------------------------------------------------------------


def test_anonymous_with_the_link_enters_the_value_audited_as_the_owner(
    world: World, indicator: Indicator, owner: Membership
) -> None:
    aim(indicator, world.alice, "2026-10", "30")
    record(indicator, world.alice, "2026-09", "34")
    url = _url(indicator)
    page = client_for(None).get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Days to decide a permit" in html and "October 2026" in html and "Days" in html
    assert "September 2026" in html and ">34<" in html  # the last values, for comparison
    assert 'name="value-period"' not in html  # the link fixes the period
    response = _post(url, "31")
    assert response.status_code == 200 and "has been saved: 31" in response.content.decode()
    measurement = Measurement.objects.get(indicator=indicator, period="2026-10")
    assert measurement.value == Decimal(31) and measurement.entered_by == owner.user
    event = AuditEvent.objects.filter(action="indicators.value_recorded").latest("id")
    assert event.actor == owner.user
    assert event.changes["via_link"] is True and event.changes["period"] == "2026-10"


def test_a_value_already_entered_is_shown_and_may_be_corrected(indicator: Indicator, owner: Membership) -> None:
    record(indicator, owner.user, "2026-10", "40")
    url = _url(indicator)
    html = client_for(None).get(url).content.decode()
    assert "already been entered for this period: 40" in html and 'value="40"' in html
    assert _post(url, "38").status_code == 200
    assert Measurement.objects.get(period="2026-10").value == Decimal(38)
    event = AuditEvent.objects.filter(action="indicators.value_recorded").latest("id")
    assert event.changes["value"] == ["40", "38"]


def test_the_page_speaks_the_owners_language(indicator: Indicator, owner: Membership) -> None:
    owner.user.language = "sl"
    owner.user.save()
    url = _url(indicator)
    page = client_for(None).get(url, headers={"accept-language": "en"})
    assert page["Content-Language"] == "sl" and "Dnevi do odločbe" in page.content.decode()
    assert "oktober 2026" in page.content.decode()
    saved = _post(url, "31,5")  # a decimal comma, as Slovenian writes it
    assert saved.status_code == 200 and "31,5" in saved.content.decode()  # as typed, not rounded to 0 places
    assert Measurement.objects.get().value == Decimal("31.5")


def test_bad_input_is_explained_and_nothing_is_saved(world: World, owner: Membership) -> None:
    share = make_indicator(world.alice_org, world.alice, unit="percent", frequency="quarterly", owner=owner)
    url = _url(share, Period(Frequency.QUARTERLY, 2026, 3))
    not_a_number = _post(url, "many")
    assert not_a_number.status_code == 422 and b"There is a problem" in not_a_number.content
    too_much = _post(url, "140")
    assert too_much.status_code == 422 and b"between 0 and 100" in too_much.content
    assert not Measurement.objects.exists()


def test_the_link_of_one_indicator_cannot_write_to_another(world: World, indicator: Indicator) -> None:
    other = make_indicator(world.alice_org, world.alice, frequency="monthly", owner=indicator.owner)
    url = _url(other)
    # Whatever the form says about another indicator or period, the link decides.
    _post(url, "55", indicator=str(indicator.public_id), **{"value-period": "2026-09"})
    assert list(Measurement.objects.values_list("indicator_id", "period")) == [(other.pk, "2026-10")]
    assert not indicator.measurements.exists()


def test_a_signed_in_visitor_still_writes_only_as_the_links_owner(
    world: World, indicator: Indicator, owner: Membership
) -> None:
    """The link is the permission: another organisation's member holding it gets no other rights,
    and what they send is recorded as the owner's, through the link."""
    response = _post(_url(indicator), "29", client=client_for(world.bob))
    assert response.status_code == 200
    assert Measurement.objects.get().entered_by == owner.user
    assert AuditEvent.objects.filter(action="indicators.value_recorded").latest("id").actor == owner.user
    own_page = reverse(
        "indicators:detail", kwargs={"org_id": world.alice_org.public_id, "indicator_id": indicator.public_id}
    )
    assert client_for(world.bob).get(own_page).status_code == 404
    assert client_for(None).get(own_page).status_code == 302


def test_the_page_reads_a_fixed_number_of_queries(
    world: World, indicator: Indicator, django_assert_max_num_queries: Any
) -> None:
    for month in range(1, 10):
        record(indicator, world.alice, f"2025-{month:02d}", str(30 + month))
        record(indicator, world.alice, f"2026-{month:02d}", str(30 + month))
        aim(indicator, world.alice, f"2026-{month:02d}", "35")
    url = _url(indicator)
    client = client_for(None)
    with django_assert_max_num_queries(3):  # the indicator with its owner, its values, its targets
        assert client.get(url).status_code == 200


def test_links_work_for_their_valid_days_only(indicator: Indicator, time_machine: Any) -> None:
    url = _url(indicator)
    time_machine.move_to(date(2027, 1, 4))  # 29 days later
    assert client_for(None).get(url).status_code == 200
    time_machine.move_to(date(2027, 1, 6))
    response = client_for(None).get(url)
    assert response.status_code == 410 and b"expired" in response.content
