"""The demo improvement plan: the one drawn up from the demo municipality's 2024 self-assessment,
approved by management, with actions in every PDCA state, some of them overdue or without news.
Development only; `manage.py seed_demo` seeds it after the demo self-assessments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from opencaf.assessments.models import SelfAssessment
from opencaf.demo.assessments import TITLE_PAST
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import Action, ActionUpdate, ImprovementPlan
from opencaf.organisations.models import Membership


@dataclass(frozen=True)
class DemoAction:
    title: str
    subcriteria: tuple[str, ...]
    owner: str
    impact: int
    feasibility: int
    due: date
    budget: Decimal | None
    days: Decimal | None
    effect: str
    reports: tuple[tuple[date, str, int, str], ...]  # (day, PDCA status, progress, note)


ACTIONS = [
    DemoAction(
        "Uvedba letne ankete o zadovoljstvu občanov",
        ("6.1",),
        "owner@example.org",
        3,
        3,
        date(2026, 12, 31),
        Decimal("1500"),
        Decimal("12"),
        "Odločitve o storitvah temeljijo na mnenju občanov.",
        (
            (date(2025, 4, 10), "do", 30, "Vprašalnik pripravljen in usklajen z vodstvom."),
            (date(2026, 10, 2), "do", 60, "Anketa poteka na spletu in v sprejemni pisarni."),
        ),
    ),
    DemoAction(
        "Letni razgovori z vsemi zaposlenimi",
        ("3.1", "3.3"),
        "quality@example.org",
        3,
        2,
        date(2025, 12, 31),
        None,
        Decimal("20"),
        "Vsak zaposleni pozna svoje cilje in možnosti razvoja.",
        (
            (date(2025, 6, 1), "do", 50, "Razgovori opravljeni v treh oddelkih."),
            (date(2025, 12, 15), "done", 100, "Razgovori opravljeni z vsemi zaposlenimi."),
        ),
    ),
    DemoAction(
        "Prenova spletne strani po smernicah dostopnosti",
        ("4.5", "5.2"),
        "assessor8@example.org",
        2,
        2,
        date(2026, 10, 31),
        Decimal("8000"),
        Decimal("30"),
        "Spletna stran je dostopna vsem občanom.",
        (
            (date(2026, 3, 5), "do", 40, "Izbran izvajalec."),
            (date(2026, 9, 20), "check", 80, "Testiranje dostopnosti."),
        ),
    ),
    DemoAction(
        "Objava letnega poročila o doseženih ciljih",
        ("2.3", "9.1"),
        "manager@example.org",
        2,
        3,
        date(2026, 9, 30),
        None,
        Decimal("5"),
        "Občani in zaposleni vidijo, kaj je bilo doseženo.",
        ((date(2026, 6, 1), "plan", 10, "Zbiramo podatke oddelkov."),),
    ),
    DemoAction(
        "Sistem za sprejem pripomb in pohval občanov",
        ("6.2",),
        "owner@example.org",
        2,
        3,
        date(2026, 12, 15),
        Decimal("500"),
        Decimal("6"),
        "Vsaka pripomba dobi odgovor v 15 dneh.",
        (
            (date(2025, 9, 1), "do", 50, "Obrazec na spletni strani."),
            (date(2026, 11, 2), "act", 90, "Analiza prvih odzivov in dopolnitve postopka."),
        ),
    ),
    DemoAction(
        "Načrt izobraževanja zaposlenih",
        ("3.2",),
        "assessor7@example.org",
        2,
        3,
        date(2025, 10, 31),
        Decimal("3000"),
        None,
        "Izobraževanja sledijo potrebam delovnih mest.",
        ((date(2025, 10, 20), "done", 100, "Načrt sprejet na kolegiju."),),
    ),
    DemoAction(
        "Načrt energetske prenove občinske stavbe",
        ("4.6", "8.2"),
        "leader@example.org",
        3,
        1,
        date(2027, 6, 30),
        Decimal("250000"),
        Decimal("40"),
        "Manjša poraba energije in nižji stroški.",
        (),
    ),
    DemoAction(
        "Redni sestanki s predsedniki krajevnih skupnosti",
        ("4.2",),
        "owner@example.org",
        2,
        2,
        date(2027, 3, 31),
        None,
        Decimal("4"),
        "Pobude krajevnih skupnosti pridejo pravočasno v načrtovanje.",
        ((date(2026, 10, 15), "do", 30, "Prvi sestanek izveden."),),
    ),
]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_improvement() -> bool:
    """Create the demo plan; False when it already exists."""
    require_demo_allowed()
    assessment = SelfAssessment.objects.filter(title=TITLE_PAST, organisation__network__name=DEMO_NETWORK).first()
    if assessment is None:
        raise DemoError("The demo self-assessments are missing: seed them first (`opencaf.demo.assessments`).")
    if ImprovementPlan.objects.filter(assessment=assessment).exists():
        return False
    members = {
        m.user.email: m for m in Membership.objects.filter(organisation=assessment.organisation).select_related("user")
    }
    leader, manager = members["leader@example.org"].user, members["manager@example.org"].user
    subcriteria = {s.code: s for s in Subcriterion.objects.filter(framework=assessment.framework)}
    findings = services.findings_of_assessment(assessment)
    with transaction.atomic():
        plan = services.create_plan(actor=leader, assessment=assessment)
        for spec in ACTIONS:
            related = [finding for finding in findings if finding.consensus.subcriterion.code in spec.subcriteria][:2]
            action = services.add_action(
                actor=leader,
                plan=plan,
                data=services.ActionData(
                    title=spec.title,
                    description="",
                    expected_effect=spec.effect,
                    owner=members[spec.owner],
                    start_date=date(2025, 2, 1),
                    due_date=spec.due,
                    budget_eur=spec.budget,
                    person_days=spec.days,
                    impact=spec.impact,
                    feasibility=spec.feasibility,
                    subcriteria=[subcriteria[code] for code in spec.subcriteria],
                ),
                findings=related,
            )
            for day, status, progress, note in spec.reports:
                update = services.report_progress(
                    actor=members[spec.owner].user, action=action, status=status, progress=progress, note=note
                )
                ActionUpdate.objects.filter(pk=update.pk).update(created_at=_moment(day))
            last = spec.reports[-1][0] if spec.reports else date(2025, 2, 1)
            done = spec.reports[-1][0] if spec.reports and spec.reports[-1][2] == 100 else None
            # The plan was drawn up in January 2025; the services stamp "now", so move the dates back.
            Action.objects.filter(pk=action.pk).update(
                created_at=_moment(date(2025, 1, 20)),
                last_update_at=_moment(last),
                completed_at=_moment(done) if done else None,
            )
        services.approve_plan(actor=manager, plan=plan)
        services.publish_plan(actor=leader, plan=plan, audience="staff")
        ImprovementPlan.objects.filter(pk=plan.pk).update(
            created_at=_moment(date(2025, 1, 20)), approved_at=_moment(date(2025, 2, 3))
        )
    return True
