"""`manage.py seed_demo`: every demo layer in order, idempotent, and never in production."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.demo.assessments import MUNICIPALITY, TITLE_CURRENT, TITLE_PAST
from opencaf.demo.organisations import BG_NETWORK, DEMO_NETWORK
from opencaf.improvement.models import ImprovementPlan
from opencaf.improvement.selectors import dashboard
from opencaf.indicators.rules import Status, Trend
from opencaf.indicators.selectors import lines as indicator_lines
from opencaf.organisations.models import Network, Organisation
from opencaf.reports.models import ReportAcceptance
from opencaf.resources.selectors import plan_resources
from opencaf.surveys.models import Survey

README = Path(settings.BASE_DIR) / "README.md"
# Every app the demo writes to (allauth's "account" holds the verified e-mail addresses).
SEEDED_APPS = [
    "people",
    "accounts",
    "account",
    "organisations",
    "audit",
    "evidence",
    "assessments",
    "improvement",
    "reports",
    "surveys",
    "indicators",
    "resources",
    "coordination",
    "feedback",
]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _readme_logins() -> set[str]:
    """The e-mail addresses README.md's "Demo logins" table lists, `a1@…` … `a9@…` spelled out."""
    section = README.read_text(encoding="utf-8").split("### Demo logins", 1)[1].split("\n## ", 1)[0]
    emails = set(re.findall(r"`([\w.]+@example\.org)`", section))
    for stem, first, last in re.findall(r"`([a-z]+)(\d+)@example\.org` … `\1(\d+)@example\.org`", section):
        emails |= {f"{stem}{number}@example.org" for number in range(int(first), int(last) + 1)}
    return emails


def _counts() -> dict[str, int]:
    """How many rows each table of the apps the demo writes to holds."""
    return {
        model._meta.label: model._default_manager.count()
        for label in SEEDED_APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.mark.django_db
def test_seeds_every_layer_once() -> None:
    call_command("load_frameworks", verbosity=0)
    output = _seed()
    assert "already present" not in output
    assert [line.split(" seeded")[0] for line in output.splitlines()] == [
        "Demo organisations and users",
        "Demo self-assessments",
        "Demo improvement plan",
        "Demo report acceptance",
        "Demo surveys",
        "Demo indicators",
        "Demo resources",
        "Demo coordination",
        "Demo good practices and forum",
        "Demo benchmarking",
        "Demo external feedback",
        "Demo people development",
    ]

    # The people README.md tells developers to sign in as.
    logins = _readme_logins()
    assert len(logins) >= 17  # the Slovenian network's people; README may list the Bulgarian ones too
    assert set(User.objects.filter(email__in=logins).values_list("email", flat=True)) == logins
    assert Network.objects.filter(name=DEMO_NETWORK).count() == 1
    assert Network.objects.filter(name=BG_NETWORK).count() == 1

    # Two self-assessments: the closed 2024 one and the 2026 one in consensus.
    assessments = dict(SelfAssessment.objects.filter(organisation__name=MUNICIPALITY).values_list("title", "state"))
    assert assessments == {TITLE_PAST: "closed", TITLE_CURRENT: "consensus"}

    # The 2024 plan, approved, with actions in every PDCA state, some overdue or without news.
    plan = ImprovementPlan.objects.get(assessment__title=TITLE_PAST)
    assert plan.status == "approved" and plan.audience == "staff"
    assert set(plan.actions.values_list("status", flat=True)) == {"plan", "do", "check", "act", "done"}
    board = dashboard(plan, today=timezone.localdate())
    assert board.overdue >= 1 and board.stale >= 1
    assert any(row.action.quadrant == "quick_win" for row in board.rows)
    assert all(row.action.subcriteria.exists() for row in board.rows)
    assert sum(row.action.updates.count() for row in board.rows) >= 8

    # Management accepted the 2024 report at the end of that cycle.
    acceptance = ReportAcceptance.objects.get(assessment__title=TITLE_PAST)
    assert acceptance.accepted_by.email == "manager@example.org" and acceptance.accepted_at.year == 2024

    # Surveys in both municipalities; last year's employee survey published.
    assert Survey.objects.filter(organisation__name=MUNICIPALITY).count() == 4
    assert Survey.objects.filter(organisation__network__name=BG_NETWORK).count() == 2
    assert Survey.objects.filter(state="published").count() == 1

    # The municipality's indicators: current values, an overdue one, on track and off track.
    lines = indicator_lines(Organisation.objects.get(name=MUNICIPALITY), timezone.localdate())
    assert len(lines) == 15
    assert any(line.overdue is not None for line in lines)
    assert {line.latest.status for line in lines if line.latest} >= {Status.ON_TRACK, Status.OFF_TRACK}
    assert any(line.trend == Trend.IMPROVING for line in lines)

    # Money and time against plan on the plan's actions and two processes, some of it over plan.
    spent = plan_resources(plan, timezone.localdate())
    assert len(spent.by_quarter) == 5 and spent.total.eur.actual and spent.flagged
    assert Organisation.objects.get(name=MUNICIPALITY).resource_lines.filter(process__isnull=False).exists()

    # A second run changes nothing.
    before = _counts()
    assert AuditEvent.objects.exists()
    assert ReportAcceptance.objects.filter(assessment__organisation__name=MUNICIPALITY).count() == 1
    assert _seed().splitlines() == [
        "Demo organisations and users already present.",
        "Demo self-assessments already present.",
        "Demo improvement plan already present.",
        "Demo report acceptance already present.",
        "Demo surveys already present.",
        "Demo indicators already present.",
        "Demo resources already present.",
        "Demo coordination already present.",
        "Demo good practices and forum already present.",
        "Demo benchmarking already present.",
        "Demo external feedback already present.",
        "Demo people development already present.",
    ]
    assert _counts() == before


@pytest.mark.django_db
def test_needs_the_caf_model() -> None:
    with pytest.raises(CommandError, match="load_frameworks"):
        _seed()
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_refused_without_debug_or_opencaf_demo() -> None:
    call_command("load_frameworks", verbosity=0)
    before = _counts()
    with pytest.raises(CommandError, match=re.escape("Demo data may only be seeded with DEBUG=1 or OPENCAF_DEMO=1.")):
        _seed()
    assert _counts() == before
    assert not User.objects.exists()
