"""Walk every URL pattern as a member of another organisation and as an anonymous visitor.

Every pattern served by OpenCAF's own views must be listed in URL_CASES with the kind of object it
shows; a new pattern without an entry fails `test_every_url_pattern_is_covered`, so nobody can add a
page without deciding who may see it. Account pages (django-allauth) and the admin site are checked
separately: they hold no organisation data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import World, build_world, client_for, load_caf_framework
from opencaf.core.tests import tenancy_feedback, tenancy_learning, tenancy_people
from opencaf.organisations import services
from opencaf.organisations.choices import Role

# name -> (kind, builder of URL kwargs from the world)
ORG = "organisation"
NETWORK = "network"
PUBLIC = "public"
TOKEN = "token"
PERSONAL = "personal"  # the signed-in person's own things across their organisations

SURVEY_PAGES = (
    "detail", "settings", "questions", "section_new", "preview", "moderation", "results", "renew_link",
    "invitations", "invite_members", "import_addresses", "remind", "create_codes", "summaries",
)  # fmt: skip

URL_CASES: dict[str, tuple[str, Callable[[World, dict[str, Any]], dict[str, Any]]]] = {
    "core:home": (PUBLIC, lambda w, x: {}),
    "core:healthz": (PUBLIC, lambda w, x: {}),
    "accounts:profile": (PUBLIC, lambda w, x: {}),
    "accounts:set_language": (PUBLIC, lambda w, x: {}),
    "single_sign_on_start": (PUBLIC, lambda w, x: {"provider_id": "no-such-provider"}),
    "single_sign_on_callback": (PUBLIC, lambda w, x: {"provider_id": "no-such-provider"}),
    "frameworks:index": (PUBLIC, lambda w, x: {}),
    "frameworks:detail": (PUBLIC, lambda w, x: {"code": "caf2020"}),
    "frameworks:scoring": (PUBLIC, lambda w, x: {"code": "caf2020"}),
    "frameworks:process": (PUBLIC, lambda w, x: {"code": "caf2020"}),
    "frameworks:subcriterion": (PUBLIC, lambda w, x: {"code": "caf2020", "subcode": "1.1"}),
    "organisations:detail": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "organisations:members": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "organisations:member_edit": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "membership_id": w.alice_membership.public_id},
    ),
    "organisations:member_remove": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "membership_id": w.alice_membership.public_id},
    ),
    "organisations:invite": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "organisations:invitation_revoke": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "invitation_id": x["invitation"].public_id},
    ),
    "organisations:audit": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "organisations:accept_invitation": (TOKEN, lambda w, x: {"token": "not-a-real-token"}),
    "organisations:accept_invitation_with_provider": (
        TOKEN,
        lambda w, x: {"token": "not-a-real-token", "provider_id": "idp"},
    ),
    "organisations:network": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "organisations:network_add": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "organisations:network_import": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "organisations:network_audit": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "assessments:list": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "assessments:new": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    **{
        f"assessments:{name}": (ORG, lambda w, x: x["assessment_kwargs"])
        for name in (
            "detail",
            "state",
            "settings",
            "next_cycle",
            "plan_new",
            "group_new",
            "reminders",
            "my_input",
            "consensus",
            "results",
        )
    },
    "assessments:plan_edit": (ORG, lambda w, x: {**x["assessment_kwargs"], "item_id": x["plan_item"].public_id}),
    "assessments:seat_new": (ORG, lambda w, x: {**x["assessment_kwargs"], "group_id": x["group"].public_id}),
    "assessments:seat_replace": (ORG, lambda w, x: {**x["assessment_kwargs"], "seat_id": x["seat"].public_id}),
    "assessments:confirm_step": (ORG, lambda w, x: {**x["assessment_kwargs"], "action": "open_consensus"}),
    "assessments:score": (ORG, lambda w, x: {**x["assessment_kwargs"], "code": "1.1"}),
    "assessments:consensus_item": (ORG, lambda w, x: {**x["assessment_kwargs"], "code": "1.1"}),
    "assessments:meeting": (ORG, lambda w, x: {**x["assessment_kwargs"], "code": "1.1"}),
    "assessments:evidence": (ORG, lambda w, x: {**x["assessment_kwargs"], "code": "1.1"}),
    "evidence:register": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "improvement:start": (ORG, lambda w, x: x["assessment_kwargs"]),
    **{
        f"improvement:{name}": (ORG, lambda w, x: x["plan_kwargs"])
        for name in ("detail", "approve", "publish", "action_new", "export", "import")
    },
    "improvement:action": (ORG, lambda w, x: {**x["plan_kwargs"], "action_id": x["action"].public_id}),
    "improvement:action_edit": (ORG, lambda w, x: {**x["plan_kwargs"], "action_id": x["action"].public_id}),
    "improvement:public": (TOKEN, lambda w, x: {"token": "not-a-published-plan"}),
    **{f"reports:{name}": (ORG, lambda w, x: x["report_kwargs"]) for name in ("report", "documents", "accept")},
    "reports:download": (ORG, lambda w, x: {**x["report_kwargs"], "document_id": x["document"].public_id}),
    "reports:retry": (ORG, lambda w, x: {**x["report_kwargs"], "document_id": x["document"].public_id}),
    "improvement:update_by_link": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    "indicators:value_by_link": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    "improvement:my_actions": (PERSONAL, lambda w, x: {}),
    "evidence:download": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "evidence_id": x["evidence"].public_id}),
    "indicators:list": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:new": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:export": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "file_format": "csv"}),
    "indicators:import": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:by_criterion": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    # Anyone may read what an organisation publishes; Alice's indicator is internal, so: nothing.
    "indicators:public": (TOKEN, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:shared_definitions": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:adopt_definition": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "definition_id": x["definition"].public_id},
    ),
    **{
        f"indicators:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("definitions", "definition_new", "definition_library", "definitions_publish")
    },
    "indicators:definition": (
        NETWORK,
        lambda w, x: {"network_id": w.network.public_id, "definition_id": x["definition"].public_id},
    ),
    "indicators:definition_step": (
        NETWORK,
        lambda w, x: {
            "network_id": w.network.public_id,
            "definition_id": x["definition"].public_id,
            "action": "publish",
        },
    ),
    # coordination: campaigns
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("campaigns", "campaign_new")
    },
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: x["campaign_kwargs"])
        for name in (
            "campaign",
            "campaign_edit",
            "campaign_pick",
            "campaign_import",
            "campaign_send",
            "campaign_close",
            "campaign_export",
        )
    },
    "coordination:recipient_remove": (
        NETWORK,
        lambda w, x: {**x["campaign_kwargs"], "recipient_id": x["recipient"].public_id},
    ),
    "coordination:nomination": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    "coordination:nomination_attachment": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    "coordination:event_feedback": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    # coordination: recognitions
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("recognitions", "recognition_scheme_new", "recognition_scheme_preset")
    },
    **{
        f"coordination:{name}": (
            NETWORK,
            lambda w, x: {"network_id": w.network.public_id, "scheme_id": x["scheme"].public_id},
        )
        for name in ("recognition_scheme_edit", "recognition_scheme_archive", "award_new")
    },
    **{
        f"coordination:{name}": (
            NETWORK,
            lambda w, x: {"network_id": w.network.public_id, "award_id": x["award"].public_id},
        )
        for name in ("award", "award_edit", "award_withdraw", "award_certificate")
    },
    # Anyone reads a network's published recognitions; Alice's award is not public, so: nothing.
    "coordination:public_recognitions": (TOKEN, lambda w, x: {"network_id": w.network.public_id}),
    "coordination:org_recognitions": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "coordination:org_award_certificate": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "award_id": x["award"].public_id},
    ),
    # coordination: news (Alice's network has published nothing for everyone: the public pages are 404)
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("news", "news_new")
    },
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: x["news_kwargs"])
        for name in ("news_item", "news_edit", "news_publish", "news_unpublish")
    },
    **{
        f"coordination:{name}": (TOKEN, lambda w, x: {"network_id": w.network.public_id})
        for name in ("public_news", "news_feed")
    },
    "coordination:public_news_item": (TOKEN, lambda w, x: x["news_kwargs"]),
    "coordination:org_news": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "coordination:org_news_item": (
        ORG,
        lambda w, x: {"org_id": w.alice_org.public_id, "news_id": x["news"].public_id},
    ),
    # coordination: areas for improvement across the network (with the organisations' consent)
    "coordination:improvement_areas": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "coordination:improvement_area_texts": (
        NETWORK,
        lambda w, x: {"network_id": w.network.public_id, "framework": "caf2020", "code": "1.1"},
    ),
    "coordination:improvement_area_sharing": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    # coordination: newsletters (the public archive names its network: the other network's)
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("newsletters", "newsletter_new")
    },
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: x["newsletter_kwargs"])
        for name in (
            "newsletter",
            "newsletter_edit",
            "newsletter_preview",
            "newsletter_test_send",
            "newsletter_send",
            "newsletter_progress",
            "newsletter_retry",
        )
    },
    "coordination:newsletter_archive": (PUBLIC, lambda w, x: {"network_id": w.other_network.public_id}),
    "coordination:newsletter_archived": (TOKEN, lambda w, x: x["newsletter_kwargs"]),
    # coordination: newsletter subscriptions (the public page names its network: the other network's)
    "coordination:subscribe": (PUBLIC, lambda w, x: {"network_id": w.other_network.public_id}),
    "coordination:subscription_confirm": (TOKEN, lambda w, x: {"token": "not-a-signed-link"}),
    "coordination:unsubscribe": (TOKEN, lambda w, x: {"token": "not-a-subscription"}),
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("subscribers", "subscribers_export")
    },
    "coordination:subscriber_remove": (
        NETWORK,
        lambda w, x: {"network_id": w.network.public_id, "subscriber_id": x["subscriber"].public_id},
    ),
    # coordination: portfolio and engagement log
    "coordination:portfolio": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "coordination:portfolio_pipeline": (NETWORK, lambda w, x: {"network_id": w.network.public_id}),
    "coordination:portfolio_organisation": (
        NETWORK,
        lambda w, x: {"network_id": w.network.public_id, "org_id": w.alice_org.public_id},
    ),
    # coordination: events and trainings
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: {"network_id": w.network.public_id})
        for name in ("events", "event_new")
    },
    **{
        f"coordination:{name}": (NETWORK, lambda w, x: x["event_kwargs"])
        for name in ("event", "event_edit", "event_publish", "event_cancel", "event_feedback_request")
    },
    "coordination:event_attendance": (NETWORK, lambda w, x: {**x["event_kwargs"], "session_id": x["event_session"].pk}),
    **{
        f"coordination:{name}": (
            NETWORK,
            lambda w, x: {**x["event_kwargs"], "registration_id": x["registration"].public_id},
        )
        for name in ("registration_cancel", "event_certificate")
    },
    "coordination:org_events": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    **{
        f"coordination:{name}": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "event_id": x["event"].public_id})
        for name in ("event_register", "event_register_people")
    },
    **{
        f"coordination:{name}": (
            ORG,
            lambda w, x: {"org_id": w.alice_org.public_id, "registration_id": x["registration"].public_id},
        )
        for name in ("my_registration_cancel", "my_certificate")
    },
    "indicators:processes": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "indicators:process_new": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    **{
        f"indicators:{name}": (
            ORG,
            lambda w, x: {"org_id": w.alice_org.public_id, "process_id": x["process"].public_id},
        )
        for name in ("process", "process_edit", "process_archive", "process_restore")
    },
    **{
        f"indicators:{name}": (
            ORG,
            lambda w, x: {"org_id": w.alice_org.public_id, "indicator_id": x["indicator"].public_id},
        )
        for name in ("detail", "edit")
    },
    "resources:overview": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "resources:import": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "resources:export": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "file_format": "csv"}),
    "resources:action": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "action_id": x["action"].public_id}),
    "resources:process": (ORG, lambda w, x: {"org_id": w.alice_org.public_id, "process_id": x["process"].public_id}),
    "surveys:list": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    "surveys:new": (ORG, lambda w, x: {"org_id": w.alice_org.public_id}),
    **{f"surveys:{name}": (ORG, lambda w, x: x["survey_kwargs"]) for name in SURVEY_PAGES},
    "surveys:section_edit": (ORG, lambda w, x: {**x["survey_kwargs"], "position": 1}),
    "surveys:question_new": (ORG, lambda w, x: {**x["survey_kwargs"], "position": 1}),
    **{
        f"surveys:{name}": (ORG, lambda w, x: {**x["survey_kwargs"], "question_id": x["question"].public_id})
        for name in ("question_edit", "question_delete", "question_move")
    },
    "surveys:state": (ORG, lambda w, x: {**x["survey_kwargs"], "action": "close"}),
    "surveys:qr": (ORG, lambda w, x: {**x["survey_kwargs"], "image_format": "png"}),
    "surveys:results_export": (ORG, lambda w, x: {**x["survey_kwargs"], "file_format": "csv"}),
    **{
        f"surveys:{name}": (ORG, lambda w, x: {**x["survey_kwargs"], "document_id": x["summary"].public_id})
        for name in ("summary_download", "summary_retry")
    },
    "surveys:public": (TOKEN, lambda w, x: {"link_key": "not-a-survey-link"}),
    "surveys:thanks": (TOKEN, lambda w, x: {"link_key": "not-a-survey-link"}),
    "surveys:paper_codes": (ORG, lambda w, x: {**x["survey_kwargs"], "batch": 1}),
    "surveys:invited": (TOKEN, lambda w, x: {"token": "not-an-invitation"}),
    "surveys:enter_code": (PUBLIC, lambda w, x: {}),
    **tenancy_learning.CASES,
    **tenancy_feedback.CASES,
    **tenancy_people.CASES,
}

# Third-party pages (sign-in, MFA, password reset, admin) hold no organisation data; they may only
# live under these prefixes.
THIRD_PARTY_PREFIXES = ("accounts/", "admin/")


def _walk(resolvers: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", route, entry


def own_patterns() -> list[tuple[str, URLPattern]]:
    patterns = []
    for name, route, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("opencaf."):
            patterns.append((name, pattern))
        else:
            assert route.startswith(THIRD_PARTY_PREFIXES), f"third-party view outside /accounts/ or /admin/: {route}"
    return patterns


def test_every_url_pattern_is_covered() -> None:
    missing = [name for name, _pattern in own_patterns() if name not in URL_CASES]
    assert not missing, f"URL patterns without a tenancy case in URL_CASES: {missing}"
    stale = set(URL_CASES) - {name for name, _pattern in own_patterns()}
    assert not stale, f"URL_CASES entries for patterns that no longer exist: {stale}"


@pytest.fixture(scope="module")
def _alice_everything(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[World, dict[str, Any], Any]]:
    """The world, the CAF model and everything of Alice's the cases visit, built once for the module (by
    each xdist worker that runs some of its cases) in a transaction rolled back after its last test.

    Building it took two to three seconds, and each of the 700-odd cases built it afresh. Each case
    still runs in its own savepoint inside that transaction (pytest-django's `db`, which the fixtures
    below request), so whatever a visit changes is rolled back before the next case."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        framework = load_caf_framework()
        yield world, _build_extras(world, framework), framework
        transaction.set_rollback(True)


@pytest.fixture
def world(_alice_everything: tuple[World, dict[str, Any], Any], db: None) -> World:
    return _alice_everything[0]


@pytest.fixture
def extras(_alice_everything: tuple[World, dict[str, Any], Any], db: None) -> dict[str, Any]:
    return _alice_everything[1]


@pytest.fixture
def caf_framework(_alice_everything: tuple[World, dict[str, Any], Any], db: None) -> Any:
    return _alice_everything[2]


def _build_extras(world: World, caf_framework: Any) -> dict[str, Any]:
    from django.db import transaction

    from opencaf.assessments.tests.factories import add_assessors, make_assessment

    with transaction.atomic():
        invitation, _token = services.invite_member(
            actor=world.alice, organisation=world.alice_org, email="newcomer@example.org", roles=[Role.ASSESSOR]
        )
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    assessment.title = "Alice Secret Assessment"
    assessment.save()
    (seat,) = add_assessors(assessment, world.alice, 1)
    from opencaf.evidence.models import EvidenceItem
    from opencaf.improvement.models import Action
    from opencaf.improvement.tests.factories import make_plan

    plan = make_plan(world.alice_org, world.alice, caf_framework)
    plan.title = "Alice Secret Plan"
    plan.save()
    action = Action.objects.create(plan=plan, title="Alice Secret Action", owner=world.alice_membership)
    from django.core.files.base import ContentFile

    from opencaf.reports.models import ReportDocument

    document = ReportDocument(assessment=plan.assessment, format="xlsx", language="en", status="done")
    document.file.save("secret.xlsx", ContentFile(b"Alice Secret Report"), save=True)
    evidence = EvidenceItem.objects.create(
        organisation=world.alice_org, kind="link", title="Alice Secret Evidence", url="https://example.org/e"
    )
    from opencaf.surveys.tests.factories import sample_survey

    survey = sample_survey(world.alice_org, world.alice)
    from opencaf.surveys import services as survey_services

    with transaction.atomic():
        survey_services.create_paper_codes(actor=world.alice, survey=survey, count=2, language="en")
    from opencaf.indicators.tests.factories import make_indicator
    from opencaf.surveys.models import SummaryDocument

    indicator = make_indicator(world.alice_org, world.alice, name={"en": "Alice Secret Indicator"})
    from opencaf.indicators import process_services
    from opencaf.indicators.definition_services import add_starter_library

    with transaction.atomic():
        definition = add_starter_library(actor=world.carol, network=world.network)[0]

    with transaction.atomic():
        process = process_services.create_process(
            actor=world.alice,
            organisation=world.alice_org,
            data=process_services.ProcessInput(name="Alice Secret Process"),
        )

    from opencaf.resources.tests.factories import set_quarter

    set_quarter(world.alice, action, "2026-Q1", actual_eur="1")  # the resource pages have something to hide
    set_quarter(world.alice, process, "2026-Q1", actual_eur="1")

    summary = SummaryDocument.objects.create(survey=survey, language="en", status="failed", requested_by=world.alice)
    from opencaf.coordination.tests.factories import add_recipient, make_campaign

    campaign = make_campaign(world.network, world.carol)
    recipient = add_recipient(campaign, world.alice_org)
    from opencaf.coordination.tests.event_factories import add_registration, make_event

    event = make_event(world.network)
    registration = add_registration(event, world.alice_org, world.alice.email)
    from opencaf.coordination.models import Subscriber
    from opencaf.coordination.tests.recognition_factories import level, make_award, make_scheme

    scheme = make_scheme(world.network)
    award = make_award(level(scheme), world.alice_org, 2025, public=False)
    subscriber = Subscriber.objects.create(
        network=world.network, email=world.alice.email, language="en", status="confirmed", token="tenancy-token"
    )
    from opencaf.coordination.tests.news_builders import make_news, version

    news = make_news(world.network, texts={"en": version("Alice Network News", "Inside.")}, audience="network")
    from opencaf.coordination.tests.newsletter_factories import make_newsletter

    newsletter = make_newsletter(world.network)
    return {
        **tenancy_learning.extras(world),
        **tenancy_feedback.extras(world),
        **tenancy_people.extras(world),
        "newsletter_kwargs": {"network_id": world.network.public_id, "newsletter_id": newsletter.public_id},
        "news": news,
        "news_kwargs": {"network_id": world.network.public_id, "news_id": news.public_id},
        "scheme": scheme,
        "award": award,
        "subscriber": subscriber,
        "event": event,
        "event_kwargs": {"network_id": world.network.public_id, "event_id": event.public_id},
        "event_session": event.sessions.get(),
        "registration": registration,
        "campaign_kwargs": {"network_id": world.network.public_id, "campaign_id": campaign.public_id},
        "recipient": recipient,
        "survey_kwargs": {"org_id": world.alice_org.public_id, "survey_id": survey.public_id},
        "summary": summary,
        "indicator": indicator,
        "process": process,
        "definition": definition,
        "question": survey.questions.get(code="q1"),
        "report_kwargs": {"org_id": world.alice_org.public_id, "assessment_id": plan.assessment.public_id},
        "document": document,
        "plan_kwargs": {"org_id": world.alice_org.public_id, "plan_id": plan.public_id},
        "action": action,
        "evidence": evidence,
        "invitation": invitation,
        "assessment": assessment,
        "assessment_kwargs": {"org_id": world.alice_org.public_id, "assessment_id": assessment.public_id},
        "plan_item": assessment.plan_items.first(),
        "group": seat.group,
        "seat": seat,
    }


def _secrets(world: World) -> list[str]:
    # What must never appear in another organisation's or an anonymous visitor's response.
    return [
        world.alice_org.name,
        world.alice.email,
        world.network.name,
        "newcomer@example.org",
        "Alice Secret Assessment",
        "Alice Secret Action",
        "Alice Secret Process",
        *tenancy_learning.SECRETS,
        *tenancy_feedback.SECRETS,
        *tenancy_people.SECRETS,
    ]


def _visit_without_leaks(client: Any, url: str, world: World, visitor: str) -> list[tuple[str, Any]]:
    """GET and POST the URL; fail if any response shows something of Alice's organisation."""
    responses = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        body = response.content.decode(errors="replace")
        for secret in _secrets(world):
            assert secret not in body, f"{method.upper()} {url} leaked {secret!r} to {visitor}"
        responses.append((method.upper(), response))
    return responses


@pytest.mark.parametrize("name", sorted(URL_CASES))
def test_other_organisation_sees_nothing(name: str, world: World, extras: dict[str, Any], caf_framework: Any) -> None:
    kind, build = URL_CASES[name]
    url = reverse(name, kwargs=build(world, extras))
    for method, response in _visit_without_leaks(client_for(world.bob), url, world, "another organisation"):
        if kind in (ORG, NETWORK):
            assert response.status_code in (404, 405), f"{method} {url} gave {response.status_code}"
        elif kind == PERSONAL:  # Bob sees his own (empty) page, nothing of Alice's
            assert response.status_code in (200, 405), f"{method} {url} gave {response.status_code}"
    # Nothing was changed by Bob's attempts.
    assert world.alice_org.memberships.filter(user=world.alice).exists()
    extras["invitation"].refresh_from_db()
    assert extras["invitation"].revoked_at is None
    extras["assessment"].refresh_from_db()
    assert extras["assessment"].state == "planned"
    assert extras["assessment"].groups.count() == 1 and extras["assessment"].plan_items.count() == 10
    survey = extras["question"].survey
    survey.refresh_from_db()
    assert survey.state == "open" and survey.questions.count() == 7
    assert survey.invitations.count() == 2 and survey.link_key


@pytest.mark.parametrize("name", sorted(URL_CASES))
def test_anonymous_sees_nothing(name: str, world: World, extras: dict[str, Any], caf_framework: Any) -> None:
    kind, build = URL_CASES[name]
    url = reverse(name, kwargs=build(world, extras))
    for method, response in _visit_without_leaks(client_for(None), url, world, "an anonymous visitor"):
        if kind in (ORG, NETWORK, PERSONAL):
            assert response.status_code in (302, 405), f"{method} {url} gave {response.status_code}"
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("account_login"))


def test_coordinator_of_another_network_sees_nothing(world: World, extras: dict[str, Any]) -> None:
    client = client_for(world.dave)
    for name, (kind, build) in URL_CASES.items():
        if kind not in (ORG, NETWORK):
            continue
        response = client.get(reverse(name, kwargs=build(world, extras)))
        assert response.status_code in (404, 405), name


def test_third_party_pages_hold_no_organisation_data(world: World) -> None:
    client = client_for(world.bob)
    for url in ("/accounts/login/", "/accounts/password/reset/", "/accounts/2fa/", "/accounts/email/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert world.alice_org.name not in response.content.decode()
    assert client_for(world.bob).get("/admin/").status_code == 302
