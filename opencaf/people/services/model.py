"""The competency model and its versions: adopting the starter model, starting a new draft version,
editing a draft (competencies, their behavioural indicators, the names of the levels) and publishing it.

A model belongs to an organisation (kept by its HR) or to a network (kept by its coordinators). A
published version never changes: reviews and interview guides made with it keep their meaning, so
every edit below refuses a published version, and a change means a new draft copied from the latest
published one. Each function locks what it changes, checks again who may keep the model, writes and
records an audit event in one transaction: nothing half-written. The event goes on the log of the
model's owner: it is given both the model's organisation and its network, and one of the two is None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator
from opencaf.people import model_schema
from opencaf.people.access import access_in
from opencaf.people.models import (
    Cluster,
    ClusterKind,
    Competency,
    CompetencyModel,
    DigCompArea,
    Indicator,
    InterviewQuestion,
    ModelVersion,
    VersionState,
)
from opencaf.people.selectors.model import PLATFORM_LANGUAGES, publication_gaps

if TYPE_CHECKING:
    from opencaf.accounts.models import User

Texts = Mapping[str, str]


# --- who keeps a model ----------------------------------------------------------------------------


def may_keep(user: Any, *, organisation: Organisation | None = None, network: Network | None = None) -> bool:
    """An organisation's model is kept by its HR, a network's by its coordinators."""
    if organisation is not None:
        access = access_in(user, organisation)
        return access is not None and access.can_manage
    return is_coordinator(user, network)


def _keeping(actor: User, model: CompetencyModel) -> None:
    if not may_keep(actor, organisation=model.organisation, network=model.network):
        raise PermissionDenied


def _locked_draft(version: ModelVersion) -> ModelVersion:
    """The version locked, with its model; refused unless it is a draft (published ones never change)."""
    current = ModelVersion.objects.select_for_update(of=("self",)).select_related("model").get(pk=version.pk)
    if current.state != VersionState.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)d is published and never changes, so that the reviews and interviews made "
                "with it keep their meaning. Start a new draft version to change the model."
            )
            % {"number": current.number},
            code="published",
        )
    return current


# --- texts as services keep them -------------------------------------------------------------------


def _clean_texts(texts: Texts, limit: int) -> dict[str, str]:
    """The texts in the platform's languages, trimmed, blank ones left out; refused when one is too long."""
    cleaned = {code: str(texts.get(code) or "").strip() for code in PLATFORM_LANGUAGES}
    longest = max((len(text) for text in cleaned.values()), default=0)
    if longest > limit:
        raise ValidationError(
            _("A text is %(length)d characters long; keep it to %(limit)d.") % {"length": longest, "limit": limit},
            code="too_long",
        )
    return {code: text for code, text in cleaned.items() if text}


# --- adopting the starter model --------------------------------------------------------------------


def _write_content(version: ModelVersion, starter: model_schema.StarterModel) -> None:
    clusters = Cluster.objects.bulk_create(
        Cluster(version=version, code=cluster.code, kind=cluster.kind, names=dict(cluster.names), position=position)
        for position, cluster in enumerate(starter.clusters)
    )
    pairs = [
        (made, competency)
        for made, cluster in zip(clusters, starter.clusters, strict=True)
        for competency in cluster.competencies
    ]
    competencies = Competency.objects.bulk_create(
        Competency(
            version=version,
            cluster=cluster,
            code=competency.code,
            names=dict(competency.names),
            definitions=dict(competency.definitions),
            digcomp_area=competency.digcomp_area,
            position=position,
        )
        for position, (cluster, competency) in enumerate(pairs)
    )
    indicators, questions = [], []
    for made, (_cluster, competency) in zip(competencies, pairs, strict=True):
        for level, texts in enumerate(competency.indicators, start=1):
            indicators += [
                Indicator(competency=made, level=level, texts=dict(text), position=position)
                for position, text in enumerate(texts)
            ]
        questions += [
            InterviewQuestion(
                competency=made,
                kind=question.kind,
                texts=dict(question.texts),
                anchors={str(level): dict(text) for level, text in enumerate(question.anchors, start=1)},
                position=position,
            )
            for position, question in enumerate(competency.questions)
        ]
    Indicator.objects.bulk_create(indicators)
    InterviewQuestion.objects.bulk_create(questions)


@transaction.atomic
def adopt_starter(
    *,
    actor: User,
    organisation: Organisation | None = None,
    network: Network | None = None,
    directory: Path | None = None,
) -> ModelVersion:
    """The starter model copied as version 1, a draft, of a new model of the organisation (HR) or the
    network (its coordinators). Refused when it already has a model, or when the files are not sound
    (then nothing is written)."""
    if (organisation is None) == (network is None):
        raise ValueError("a competency model belongs to an organisation or to a network")
    if not may_keep(actor, organisation=organisation, network=network):
        raise PermissionDenied
    # Lock the owner so that two people adopting at once make one model, not two.
    if organisation is not None:
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        existing = CompetencyModel.objects.filter(organisation=organisation).exists()
    else:
        Network.objects.select_for_update().filter(pk=network.pk).first()  # type: ignore[union-attr]
        existing = CompetencyModel.objects.filter(network=network).exists()
    if existing:
        raise ValidationError(
            _("There is a competency model already. To change it, start a new draft version of it."), code="exists"
        )
    try:
        starter = model_schema.read_model(directory or model_schema.STARTER_DIR)
    except model_schema.ModelFileError as error:
        messages = [_("The starter model's files are not sound, so nothing was adopted. Tell the platform's team:")]
        raise ValidationError(messages + [str(problem) for problem in error.problems], code="files") from error
    model = CompetencyModel.objects.create(
        organisation=organisation, network=network, names=dict(starter.names), source=starter.code, created_by=actor
    )
    version = ModelVersion.objects.create(
        model=model,
        number=1,
        state=VersionState.DRAFT,
        levels=starter.levels,
        level_names=[dict(name) for name in starter.level_names],
    )
    _write_content(version, starter)
    record_event(
        "people.model_adopted",
        actor=actor,
        obj=version,
        organisation=model.organisation,
        network=model.network,
        changes={"source": starter.code, "version": 1, "competencies": [c.code for c in starter.competencies]},
    )
    return version


# --- a new draft version ---------------------------------------------------------------------------


def _copy_content(source: ModelVersion, target: ModelVersion) -> None:
    """Clusters, competencies, behavioural indicators and interview questions of one version copied into
    another (the competencies keep their codes: that is how two versions' results are compared)."""
    old_clusters = list(source.clusters.order_by("position", "id"))
    new_clusters = Cluster.objects.bulk_create(
        Cluster(version=target, code=c.code, kind=c.kind, names=c.names, position=c.position) for c in old_clusters
    )
    cluster_of = {old.pk: new for old, new in zip(old_clusters, new_clusters, strict=True)}
    old_competencies = list(source.competencies.order_by("id"))
    new_competencies = Competency.objects.bulk_create(
        Competency(
            version=target,
            cluster=cluster_of[c.cluster_id],
            code=c.code,
            names=c.names,
            definitions=c.definitions,
            digcomp_area=c.digcomp_area,
            position=c.position,
        )
        for c in old_competencies
    )
    competency_of = {old.pk: new for old, new in zip(old_competencies, new_competencies, strict=True)}
    Indicator.objects.bulk_create(
        Indicator(competency=competency_of[i.competency_id], level=i.level, texts=i.texts, position=i.position)
        for i in Indicator.objects.filter(competency__version=source).order_by("id")
    )
    InterviewQuestion.objects.bulk_create(
        InterviewQuestion(
            competency=competency_of[q.competency_id],
            kind=q.kind,
            texts=q.texts,
            anchors=q.anchors,
            position=q.position,
        )
        for q in InterviewQuestion.objects.filter(competency__version=source).order_by("id")
    )


@transaction.atomic
def start_draft(*, actor: User, model: CompetencyModel, note: str = "") -> ModelVersion:
    """A new draft version copied from the model's latest published one; refused while a draft exists."""
    current = (
        CompetencyModel.objects.select_for_update(of=("self",))
        .select_related("organisation", "network")
        .get(pk=model.pk)
    )
    _keeping(actor, current)
    versions = current.versions.all()
    draft = versions.filter(state=VersionState.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Version %(number)d is a draft already: change it, or publish it before you start another one.")
            % {"number": draft.number},
            code="draft_exists",
        )
    source = versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()
    if source is None:  # pragma: no cover - a model starts with a draft, so this is the case above
        raise ValidationError(_("The model has no published version to start from."), code="nothing_published")
    number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = ModelVersion.objects.create(
        model=current,
        number=number,
        state=VersionState.DRAFT,
        levels=source.levels,
        level_names=source.level_names,
        note=note.strip()[:2000],
    )
    _copy_content(source, version)
    record_event(
        "people.model_draft_started",
        actor=actor,
        obj=version,
        organisation=current.organisation,
        network=current.network,
        changes={"version": number, "from_version": source.number},
    )
    return version


# --- editing a draft -------------------------------------------------------------------------------


def _indicators(indicators: Mapping[int, Sequence[Texts]], levels: int) -> list[tuple[int, dict[str, str]]]:
    """The behavioural indicators as (level, texts), blank ones left out; refused outside 1..levels."""
    result = []
    for level, items in sorted(indicators.items()):
        if not 1 <= int(level) <= levels:
            raise ValidationError(
                _("Behavioural indicators are given for levels 1 to %(levels)d.") % {"levels": levels}, code="level"
            )
        for texts in items:
            cleaned = _clean_texts(texts, model_schema.INDICATOR_LIMIT)
            if cleaned:
                result.append((int(level), cleaned))
    return result


@transaction.atomic
def update_competency(
    *,
    actor: User,
    competency: Competency,
    names: Texts,
    definitions: Texts,
    indicators: Mapping[int, Sequence[Texts]],
) -> Competency:
    """A draft's competency: its names and definitions per language and its behavioural indicators per
    level (those given replace the ones it had)."""
    version = _locked_draft(competency.version)
    _keeping(actor, version.model)
    current = Competency.objects.select_for_update().get(pk=competency.pk, version=version)
    cleaned_names = _clean_texts(names, model_schema.NAME_LIMIT)
    if not cleaned_names:
        raise ValidationError({"names": _("Give the competency a name in at least one language.")})
    current.names = cleaned_names
    current.definitions = _clean_texts(definitions, model_schema.DEFINITION_LIMIT)
    current.save(update_fields=["names", "definitions"])
    rows = _indicators(indicators, version.levels)
    current.indicators.all().delete()
    Indicator.objects.bulk_create(
        Indicator(competency=current, level=level, texts=texts, position=position)
        for position, (level, texts) in enumerate(rows)
    )
    record_event(
        "people.competency_changed",
        actor=actor,
        obj=version,
        organisation=version.model.organisation,
        network=version.model.network,
        changes={"version": version.number, "competency": current.code, "indicators": len(rows)},
    )
    return current


@transaction.atomic
def add_competency(
    *,
    actor: User,
    version: ModelVersion,
    cluster: Cluster,
    code: str,
    names: Texts,
    definitions: Texts,
    digcomp_area: str = "",
) -> Competency:
    """A new competency at the end of a draft's cluster; its behavioural indicators are added by editing
    it. Its code is unique in the version; a DigComp area belongs to a digital competency only."""
    current = _locked_draft(version)
    _keeping(actor, current.model)
    chosen = Cluster.objects.filter(pk=cluster.pk, version=current).first()
    if chosen is None:
        raise ValidationError({"cluster": _("Choose a cluster of this version.")})
    code = code.strip()
    if not model_schema.is_code(code):
        raise ValidationError(
            {
                "code": _(
                    "Write a code of at most %(limit)d letters, digits and hyphens that starts with a letter, "
                    "such as CORE-6."
                )
                % {"limit": model_schema.CODE_LIMIT}
            }
        )
    if current.competencies.filter(code__iexact=code).exists():
        raise ValidationError({"code": _("Another competency of this version has the code %(code)s.") % {"code": code}})
    if chosen.kind == ClusterKind.DIGITAL and digcomp_area not in DigCompArea.values:
        raise ValidationError({"digcomp_area": _("Choose the DigComp area of this digital competency.")})
    if chosen.kind != ClusterKind.DIGITAL and digcomp_area:
        raise ValidationError({"digcomp_area": _("Only a competency of a digital cluster has a DigComp area.")})
    cleaned_names = _clean_texts(names, model_schema.NAME_LIMIT)
    if not cleaned_names:
        raise ValidationError({"names": _("Give the competency a name in at least one language.")})
    last = current.competencies.filter(cluster=chosen).aggregate(last=Max("position"))["last"]
    made = Competency.objects.create(
        version=current,
        cluster=chosen,
        code=code,
        names=cleaned_names,
        definitions=_clean_texts(definitions, model_schema.DEFINITION_LIMIT),
        digcomp_area=digcomp_area,
        position=(last if last is not None else -1) + 1,
    )
    record_event(
        "people.competency_added",
        actor=actor,
        obj=current,
        organisation=current.model.organisation,
        network=current.model.network,
        changes={"version": current.number, "competency": code, "cluster": chosen.code, "digcomp_area": digcomp_area},
    )
    return made


@transaction.atomic
def remove_competency(*, actor: User, competency: Competency) -> None:
    """The competency leaves the draft (with its indicators and questions); it stays in the published
    versions, where the reviews made with them still find it."""
    version = _locked_draft(competency.version)
    _keeping(actor, version.model)
    current = Competency.objects.filter(pk=competency.pk, version=version).first()
    if current is None:
        raise ValidationError(_("This competency is no longer in the draft."), code="gone")
    if version.competencies.count() == 1:
        raise ValidationError(_("A version keeps at least one competency."), code="last")
    code = current.code
    try:
        with transaction.atomic():
            current.delete()
    except ProtectedError:  # pragma: no cover - only published versions are used by profiles and reviews
        raise ValidationError(_("%(code)s is in use and cannot be removed.") % {"code": code}, code="in_use") from None
    record_event(
        "people.competency_removed",
        actor=actor,
        obj=version,
        organisation=version.model.organisation,
        network=version.model.network,
        changes={"version": version.number, "competency": code},
    )


@transaction.atomic
def update_level_names(*, actor: User, version: ModelVersion, level_names: Sequence[Texts]) -> ModelVersion:
    """The names of a draft's proficiency levels, level 1 first, one for each level."""
    current = _locked_draft(version)
    _keeping(actor, current.model)
    if len(level_names) != current.levels:
        raise ValidationError(_("Name each of the %(levels)d levels.") % {"levels": current.levels}, code="count")
    cleaned = [_clean_texts(texts, model_schema.NAME_LIMIT) for texts in level_names]
    for level, texts in enumerate(cleaned, start=1):
        if not texts:
            raise ValidationError(
                _("Give level %(level)d a name in at least one language.") % {"level": level}, code="blank"
            )
    current.level_names = cleaned
    current.save(update_fields=["level_names"])
    record_event(
        "people.model_levels_changed",
        actor=actor,
        obj=current,
        organisation=current.model.organisation,
        network=current.model.network,
        changes={"version": current.number, "level_names": [t.get("en") or next(iter(t.values())) for t in cleaned]},
    )
    return current


# --- publishing ------------------------------------------------------------------------------------


@transaction.atomic
def publish_version(*, actor: User, version: ModelVersion) -> ModelVersion:
    """The draft becomes the model's newest published version, frozen from now on; refused, with what
    is missing, unless every competency has a behavioural indicator at every level and every text is
    written in every language the model uses. The earlier versions stay, for what was made with them."""
    current = _locked_draft(version)
    _keeping(actor, current.model)
    gaps = publication_gaps(current)
    if gaps:
        raise ValidationError([_("The version cannot be published yet:"), *gaps], code="incomplete")
    current.state = VersionState.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = actor
    current.save(update_fields=["state", "published_at", "published_by"])
    record_event(
        "people.model_published",
        actor=actor,
        obj=current,
        organisation=current.model.organisation,
        network=current.model.network,
        changes={"version": current.number},
    )
    return current
