"""The competency model's services: adopting the starter model (an organisation's HR, a network's
coordinators), starting a draft, editing a draft, publishing it. Every refusal; published versions
never change; a new version leaves the old ones as they were; every write is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import Competency, CompetencyModel, Indicator, InterviewQuestion, ModelVersion
from opencaf.people.services import model as services
from opencaf.people.tests import factories as f
from opencaf.people.tests import test_model_builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Hana HR")


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    return b.write_model(tmp_path / "starter")


def _adopt(hr: Membership, starter: Path) -> ModelVersion:
    with transaction.atomic():
        return services.adopt_starter(actor=hr.user, organisation=hr.organisation, directory=starter)


def _published(hr: Membership, starter: Path) -> ModelVersion:
    version = _adopt(hr, starter)
    with transaction.atomic():
        return services.publish_version(actor=hr.user, version=version)


# --- adopting ------------------------------------------------------------------------------------


def test_hr_adopts_the_starter_model_as_a_draft_version_1(world: World, hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    assert (version.number, version.state, version.levels) == (1, "draft", 4)
    assert version.model.organisation == world.alice_org and version.model.source == "test-starter"
    assert version.level_names[0] == b.texts("Level 1")
    assert list(version.competencies.values_list("code", flat=True)) == ["CORE-1", "CORE-2", "DIG-1"]
    dig = version.competencies.get(code="DIG-1")
    assert dig.cluster.kind == "digital" and dig.digcomp_area == "information"
    assert dig.indicators.filter(level=3).count() == 2
    question = dig.questions.get(kind="situational")
    assert question.anchors["4"] == b.texts("DIG-1 answer at 4")
    event = AuditEvent.objects.get(action="people.model_adopted")
    assert event.organisation == world.alice_org and event.changes["competencies"] == ["CORE-1", "CORE-2", "DIG-1"]


def test_the_shipped_starter_model_can_be_adopted(world: World, hr: Membership) -> None:
    with transaction.atomic():
        version = services.adopt_starter(actor=hr.user, organisation=world.alice_org)
    assert version.competencies.count() >= 10
    assert InterviewQuestion.objects.filter(competency__version=version).exists()


def test_a_networks_coordinator_adopts_for_the_network(world: World, starter: Path) -> None:
    with transaction.atomic():
        version = services.adopt_starter(actor=world.carol, network=world.network, directory=starter)
    assert version.model.network == world.network and version.model.organisation is None
    assert AuditEvent.objects.get(action="people.model_adopted").network == world.network


@pytest.mark.parametrize("who", ["member", "bob", "dave"])
def test_only_hr_or_the_networks_coordinators_adopt(world: World, starter: Path, who: str) -> None:
    actor = {
        "member": f.member(world.alice_org, "staff@example.org").user,
        "bob": world.bob,
        "dave": world.dave,
    }[who]
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.adopt_starter(actor=actor, organisation=world.alice_org, directory=starter)
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.adopt_starter(actor=actor, network=world.network, directory=starter)
    assert not CompetencyModel.objects.exists()


def test_an_organisation_adopts_once(hr: Membership, starter: Path) -> None:
    _adopt(hr, starter)
    with pytest.raises(ValidationError) as refused:
        _adopt(hr, starter)
    assert refused.value.code == "exists"
    assert CompetencyModel.objects.count() == 1


def test_invalid_files_are_refused_with_their_problems_and_nothing_is_written(hr: Membership, tmp_path: Path) -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][1]["indicators"][2] = []
    broken = b.write_model(tmp_path / "broken", files=files)
    with pytest.raises(ValidationError) as refused:
        _adopt(hr, broken)
    assert any(message.startswith("core.yaml, CORE-2, level 2:") for message in refused.value.messages)
    assert not CompetencyModel.objects.exists() and not AuditEvent.objects.filter(action__startswith="people.").exists()


# --- drafts --------------------------------------------------------------------------------------


def test_a_new_draft_copies_the_latest_published_version(hr: Membership, starter: Path) -> None:
    first = _published(hr, starter)
    with transaction.atomic():
        draft = services.start_draft(actor=hr.user, model=first.model)
    assert (draft.number, draft.state, draft.level_names) == (2, "draft", first.level_names)
    assert list(draft.competencies.values_list("code", flat=True)) == ["CORE-1", "CORE-2", "DIG-1"]
    assert Indicator.objects.filter(competency__version=draft).count() == 24
    assert InterviewQuestion.objects.filter(competency__version=draft).count() == 6
    assert set(draft.clusters.values_list("code", flat=True)) == {"CORE", "DIG"}
    assert all(c.cluster.version_id == draft.pk for c in draft.competencies.select_related("cluster"))
    event = AuditEvent.objects.get(action="people.model_draft_started")
    assert event.changes == {"version": 2, "from_version": 1}


def test_no_second_draft_while_one_exists(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.start_draft(actor=hr.user, model=version.model)
    assert refused.value.code == "draft_exists"
    assert ModelVersion.objects.count() == 1


def test_only_the_models_keepers_start_a_draft(world: World, hr: Membership, starter: Path) -> None:
    version = _published(hr, starter)
    for actor in (world.alice, world.bob, world.carol):  # alice administers, but is not HR
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.start_draft(actor=actor, model=version.model)


def test_editing_a_competency_of_a_draft(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    competency = version.competencies.get(code="CORE-1")
    with transaction.atomic():
        services.update_competency(
            actor=hr.user,
            competency=competency,
            names={"en": " Serving citizens ", "sl": "Služenje", "bg": ""},
            definitions={"en": "Helps.", "sl": "Pomaga."},
            indicators={1: [{"en": "Answers.", "sl": "Odgovori."}], 2: [{"en": "Explains."}], 3: [], 4: []},
        )
    competency.refresh_from_db()
    assert competency.names == {"en": "Serving citizens", "sl": "Služenje"}
    assert list(competency.indicators.values_list("level", "texts")) == [
        (1, {"en": "Answers.", "sl": "Odgovori."}),
        (2, {"en": "Explains."}),
    ]
    assert AuditEvent.objects.get(action="people.competency_changed").changes["competency"] == "CORE-1"


def test_edits_refuse_a_level_outside_the_model_and_a_nameless_competency(hr: Membership, starter: Path) -> None:
    competency = _adopt(hr, starter).competencies.get(code="CORE-1")
    with pytest.raises(ValidationError), transaction.atomic():
        services.update_competency(
            actor=hr.user, competency=competency, names=b.texts("x"), definitions={}, indicators={5: [b.texts("x")]}
        )
    with pytest.raises(ValidationError), transaction.atomic():
        services.update_competency(actor=hr.user, competency=competency, names={}, definitions={}, indicators={})
    with pytest.raises(ValidationError), transaction.atomic():
        services.update_competency(
            actor=hr.user, competency=competency, names={"en": "x" * 201}, definitions={}, indicators={}
        )
    assert competency.indicators.count() == 8


def test_adding_and_removing_competencies_of_a_draft(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    core, _digital = version.clusters.order_by("position")
    with transaction.atomic():
        made = services.add_competency(
            actor=hr.user, version=version, cluster=core, code="CORE-3", names=b.texts("New"), definitions={}
        )
    assert made.position == 2 and made.cluster == core
    with transaction.atomic():
        services.remove_competency(actor=hr.user, competency=version.competencies.get(code="CORE-2"))
    assert list(version.competencies.values_list("code", flat=True)) == ["CORE-1", "CORE-3", "DIG-1"]
    actions = list(AuditEvent.objects.filter(action__startswith="people.competency").values_list("action", flat=True))
    assert sorted(actions) == ["people.competency_added", "people.competency_removed"]


@pytest.mark.parametrize(
    ("cluster", "code", "area", "field"),
    [
        (0, "CORE-1", "", "code"),  # taken
        (0, "core-1", "", "code"),  # taken, whatever the case
        (0, "1-CORE", "", "code"),  # not a code
        (0, "CORE-9", "safety", "digcomp_area"),  # not a digital cluster
        (1, "DIG-9", "", "digcomp_area"),  # a digital one needs its area
        (1, "DIG-9", "cooking", "digcomp_area"),
    ],
)
def test_a_new_competency_is_refused_with_its_reason(
    hr: Membership, starter: Path, cluster: int, code: str, area: str, field: str
) -> None:
    version = _adopt(hr, starter)
    chosen = version.clusters.order_by("position")[cluster]
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.add_competency(
            actor=hr.user, version=version, cluster=chosen, code=code, names=b.texts("x"), definitions={},
            digcomp_area=area,
        )  # fmt: skip
    assert field in refused.value.message_dict
    assert version.competencies.count() == 3


def test_a_cluster_of_another_version_is_refused(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    other = f.competency_model(hr.organisation, published=False)
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.add_competency(
            actor=hr.user, version=version, cluster=other.clusters.first(), code="X-1", names=b.texts("x"),
            definitions={},
        )  # fmt: skip
    assert "cluster" in refused.value.message_dict


def test_the_last_competency_stays(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    for code in ("CORE-1", "CORE-2"):
        with transaction.atomic():
            services.remove_competency(actor=hr.user, competency=version.competencies.get(code=code))
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.remove_competency(actor=hr.user, competency=version.competencies.get(code="DIG-1"))
    assert refused.value.code == "last"


def test_level_names_of_a_draft(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    names = [b.texts(f"Step {level}") for level in range(1, 5)]
    with transaction.atomic():
        services.update_level_names(actor=hr.user, version=version, level_names=names)
    version.refresh_from_db()
    assert version.level_names[3] == b.texts("Step 4")
    for bad in (names[:3], [*names[:3], {"en": " "}]):
        with pytest.raises(ValidationError), transaction.atomic():
            services.update_level_names(actor=hr.user, version=version, level_names=bad)


# --- published versions never change ---------------------------------------------------------------


def test_every_edit_refuses_a_published_version(hr: Membership, starter: Path) -> None:
    version = _published(hr, starter)
    competency = version.competencies.get(code="CORE-1")
    before = (competency.names, list(Indicator.objects.filter(competency__version=version).values_list("texts")))
    edits = [
        lambda: services.update_competency(
            actor=hr.user, competency=competency, names=b.texts("x"), definitions={}, indicators={}
        ),
        lambda: services.add_competency(
            actor=hr.user, version=version, cluster=competency.cluster, code="CORE-9", names=b.texts("x"),
            definitions={},
        ),
        lambda: services.remove_competency(actor=hr.user, competency=competency),
        lambda: services.update_level_names(actor=hr.user, version=version, level_names=[b.texts("x")] * 4),
        lambda: services.publish_version(actor=hr.user, version=version),
    ]  # fmt: skip
    for edit in edits:
        with pytest.raises(ValidationError) as refused, transaction.atomic():
            edit()
        assert refused.value.code == "published"
    competency.refresh_from_db()
    after = (competency.names, list(Indicator.objects.filter(competency__version=version).values_list("texts")))
    assert before == after and version.competencies.count() == 3


def test_a_new_version_leaves_the_old_one_as_it_was(hr: Membership, starter: Path) -> None:
    first = _published(hr, starter)
    with transaction.atomic():
        draft = services.start_draft(actor=hr.user, model=first.model)
        services.remove_competency(actor=hr.user, competency=draft.competencies.get(code="CORE-2"))
        services.update_competency(
            actor=hr.user,
            competency=draft.competencies.get(code="CORE-1"),
            names=b.texts("Renamed"),
            definitions=b.texts("New."),
            indicators={level: [b.texts(f"New {level}")] for level in range(1, 5)},
        )
        services.publish_version(actor=hr.user, version=draft)
    assert list(first.competencies.values_list("code", flat=True)) == ["CORE-1", "CORE-2", "DIG-1"]
    assert first.competencies.get(code="CORE-1").names == b.texts("Name of CORE-1")
    assert list(draft.competencies.values_list("code", flat=True)) == ["CORE-1", "DIG-1"]
    assert list(first.model.versions.values_list("number", "state")) == [(2, "published"), (1, "published")]


# --- publishing ------------------------------------------------------------------------------------


def test_publishing_freezes_the_draft(hr: Membership, starter: Path) -> None:
    version = _published(hr, starter)
    assert version.state == "published" and version.published_by == hr.user and version.published_at
    assert AuditEvent.objects.get(action="people.model_published").changes == {"version": 1}


def test_publishing_is_refused_with_what_is_missing(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    with transaction.atomic():
        services.update_competency(
            actor=hr.user,
            competency=version.competencies.get(code="CORE-2"),
            names={"en": "Only English", "sl": "Samo", "bg": "Само"},
            definitions={"en": "Defined.", "sl": "", "bg": "Определено."},
            indicators={1: [b.texts("one")], 2: [{"en": "two"}], 3: [], 4: [b.texts("four")]},
        )
        services.add_competency(
            actor=hr.user, version=version, cluster=version.clusters.get(code="CORE"), code="CORE-3",
            names=b.texts("New"), definitions=b.texts("New."),
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.publish_version(actor=hr.user, version=version)
    text = " ".join(refused.value.messages)
    assert "CORE-2: the definition is missing in: Slovenian" in text
    assert "CORE-2: a behavioural indicator at level 2 is missing in: Slovenian, Bulgarian" in text
    assert "CORE-2: no behavioural indicator at level 3" in text
    assert "CORE-3: no behavioural indicator at level 1" in text
    version.refresh_from_db()
    assert version.state == "draft"


def test_the_languages_a_model_uses_are_those_of_its_name(hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    CompetencyModel.objects.filter(pk=version.model_id).update(names={"en": "English only"})
    Indicator.objects.filter(competency__version=version).update(texts={"en": "Only English"})
    Competency.objects.filter(version=version).update(definitions={"en": "Only English"})
    with transaction.atomic():
        services.publish_version(actor=hr.user, version=version)


def test_only_the_keepers_publish(world: World, hr: Membership, starter: Path) -> None:
    version = _adopt(hr, starter)
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.publish_version(actor=world.carol, version=version)  # the network's, not the organisation's
    with transaction.atomic():
        network_version = services.adopt_starter(actor=world.carol, network=world.network, directory=starter)
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.publish_version(actor=hr.user, version=network_version)
    with transaction.atomic():
        services.publish_version(actor=world.carol, version=network_version)
