"""Recognitions a network gives its organisations: schemes with ordered levels, each level with a
checklist of criteria, and the awards, per year.

The rules, in one place:

- A scheme has a name in at least one site language, 1 to MAX_LEVELS levels in order, and a validity
  in years (none: its awards do not lapse). Each level has a name in at least one language and a
  checklist whose every item is written in the same languages (the form reads one item per line).
- A level with awards is never removed, and its checklist keeps at least as many items as the
  awards refer to (awards store the indices of the items ticked): wording may be corrected and items
  added at the end.
- An award is for a year from FIRST_YEAR to this year; the form proposes `default_award_year`: last
  year until the end of February (ceremonies are held early in the next year; in Slovenia in
  January), this year from March.
- `valid_until` is 31 December of the award's year plus the scheme's validity, fixed when the award is
  given: changing the scheme's validity later applies to new awards only.
- Every criterion of the level is ticked, or the coordinator writes why not; the note is kept in the
  award's audit event, with who gave it and when.
- One award per level, organisation and year, a withdrawn one included (the database constraint is
  the backstop for two coordinators saving at once).

Every write is atomic, re-checks that the actor coordinates the network, and records its audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination.models import Award, RecognitionLevel, RecognitionScheme
from opencaf.coordination.recognition_presets import PRESETS, SLOVENIAN_NATIONAL
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
NAME_LIMIT = 200
DESCRIPTION_LIMIT = 2000
CRITERION_LIMIT = 500
CITATION_LIMIT = 600  # it has to fit on the certificate's one page
REASON_LIMIT = 2000
MAX_LEVELS = 10
MAX_CRITERIA = 30
MAX_VALIDITY = 50
FIRST_YEAR = 2000  # the CAF was first presented in 2000


# --- rules that read no database ------------------------------------------------------------------------


class ChecklistMismatch(ValueError):
    """The checklist has a different number of lines in two languages."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        super().__init__(dict(counts))
        self.counts = dict(counts)


def checklist_from_lines(texts: Mapping[str, str]) -> list[dict[str, str]]:
    """The checklist written one item per line per language: {"en": "A\\nB", "sl": "a\\nb"} gives
    [{"en": "A", "sl": "a"}, {"en": "B", "sl": "b"}]. Blank lines do not count; a language without
    lines is left out; ChecklistMismatch when two languages have a different number of lines."""
    lines = {code: [line.strip() for line in (text or "").splitlines() if line.strip()] for code, text in texts.items()}
    written = {code: items for code, items in lines.items() if items}
    counts = {code: len(items) for code, items in written.items()}
    if len(set(counts.values())) > 1:
        raise ChecklistMismatch(counts)
    size = next(iter(counts.values()), 0)
    return [{code: items[index] for code, items in written.items()} for index in range(size)]


def checklist_text(criteria: Sequence[Mapping[str, str]], language: str) -> str:
    """One language's lines of a checklist, for the form (the inverse of checklist_from_lines)."""
    if not any((item.get(language) or "").strip() for item in criteria):
        return ""
    return "\n".join((item.get(language) or "").strip() for item in criteria)


def default_award_year(today: date) -> int:
    return today.year - 1 if today.month < 3 else today.year


def valid_until(year: int, validity_years: int | None) -> date | None:
    """The last day an award for `year` is valid: 31 December, `validity_years` later; None: no lapse."""
    return None if validity_years is None else date(year + validity_years, 12, 31)


def items_in_use(ticked: Iterable[Sequence[int]]) -> int:
    """How many checklist items the awards refer to: one past the highest index any of them ticked."""
    return max((index + 1 for indices in ticked for index in indices), default=0)


# --- input -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelData:
    name: Mapping[str, str]
    criteria: Sequence[Mapping[str, str]]
    public_id: str = ""  # an existing level of the scheme; empty for a new one


@dataclass(frozen=True)
class SchemeData:
    name: Mapping[str, str]
    description: Mapping[str, str]
    validity_years: int | None
    levels: Sequence[LevelData]


@dataclass(frozen=True)
class AwardData:
    organisation: Organisation
    year: int
    ceremony_on: date | None = None
    criteria_met: Sequence[int] = ()
    criteria_note: str = ""  # why not every criterion is ticked
    citation: str = ""
    public: bool = True


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


def shown_name(texts: Mapping[str, str] | None, network: Network) -> str:
    """A name as the audit log keeps it: in the network's language, else in any."""
    return text_in(texts, network.default_language)


def _for_reader(texts: Mapping[str, str] | None, network: Network) -> str:
    """A name as a message shows it: in the reader's language, else the network's, else any."""
    return text_in(texts, get_language() or network.default_language, network.default_language)


# --- schemes -----------------------------------------------------------------------------------------------


def _texts(value: Mapping[str, Any], limit: int) -> dict[str, str] | None:
    """The non-blank texts in site languages, stripped; None when one is too long or not text."""
    texts: dict[str, str] = {}
    for code in LANGUAGES:
        text = value.get(code) or ""
        if not isinstance(text, str) or len(text.strip()) > limit:
            return None
        if text.strip():
            texts[code] = text.strip()
    return texts


def _check_level(number: int, level: LevelData, errors: list[str]) -> tuple[dict[str, str], list[dict[str, str]]]:
    values = {"number": number}
    name = _texts(level.name, NAME_LIMIT)
    if name is None:
        errors.append(
            _("Level %(number)s: a name can be at most %(limit)s characters long.") % {**values, "limit": NAME_LIMIT}
        )
    elif not name:
        errors.append(_("Level %(number)s: give the level a name in at least one language.") % values)
    criteria: list[dict[str, str]] = []
    for item in level.criteria:
        texts = _texts(item, CRITERION_LIMIT) if isinstance(item, Mapping) else None
        if texts is None:
            errors.append(
                _("Level %(number)s: a criterion can be at most %(limit)s characters long.")
                % {**values, "limit": CRITERION_LIMIT}
            )
            break
        if texts:
            criteria.append(texts)
    if len({frozenset(item) for item in criteria}) > 1:
        errors.append(_("Level %(number)s: write every criterion in the same languages.") % values)
    if len(criteria) > MAX_CRITERIA:
        errors.append(
            _("Level %(number)s: a checklist can have at most %(max)s criteria.") % {**values, "max": MAX_CRITERIA}
        )
    return name or {}, criteria


def _check_scheme(data: SchemeData) -> tuple[dict[str, str], dict[str, str], list[tuple[dict, list[dict]]]]:
    errors: dict[str, list[str]] = {}
    name = _texts(data.name, NAME_LIMIT)
    if name is None:
        errors["name"] = [_("A name can be at most %(limit)s characters long.") % {"limit": NAME_LIMIT}]
    elif not name:
        errors["name"] = [_("Give the scheme a name in at least one language.")]
    description = _texts(data.description, DESCRIPTION_LIMIT)
    if description is None:
        errors["description"] = [
            _("A description can be at most %(limit)s characters long.") % {"limit": DESCRIPTION_LIMIT}
        ]
    years = data.validity_years
    if years is not None and not 1 <= years <= MAX_VALIDITY:
        errors["validity_years"] = [
            _("Enter a whole number of years from 1 to %(max)s, or leave the field empty if the awards do not lapse.")
            % {"max": MAX_VALIDITY}
        ]
    level_errors: list[str] = []
    levels = [_check_level(number, level, level_errors) for number, level in enumerate(data.levels, start=1)]
    if not data.levels:
        level_errors.append(_("Add at least one level."))
    elif len(data.levels) > MAX_LEVELS:
        level_errors.append(_("A scheme can have at most %(max)s levels.") % {"max": MAX_LEVELS})
    if level_errors:
        errors["levels"] = level_errors
    if errors:
        raise ValidationError(errors)
    return name or {}, description or {}, levels


def _create(
    network: Network,
    name: dict[str, str],
    description: dict[str, str],
    validity_years: int | None,
    levels: list[tuple[dict, list[dict]]],
) -> RecognitionScheme:
    scheme = RecognitionScheme.objects.create(
        network=network, name=name, description=description, validity_years=validity_years
    )
    RecognitionLevel.objects.bulk_create(
        RecognitionLevel(scheme=scheme, position=position, name=level_name, criteria=criteria)
        for position, (level_name, criteria) in enumerate(levels, start=1)
    )
    return scheme


@transaction.atomic
def create_scheme(*, actor: User, network: Network, data: SchemeData) -> RecognitionScheme:
    _require_coordinator(actor, network)
    name, description, levels = _check_scheme(data)
    scheme = _create(network, name, description, data.validity_years, levels)
    record_event(
        "coordination.recognition_scheme_created",
        actor=actor,
        obj=scheme,
        network=network,
        changes={"name": shown_name(name, network), "levels": len(levels), "validity_years": data.validity_years},
    )
    return scheme


@transaction.atomic
def create_preset_scheme(*, actor: User, network: Network, key: str = SLOVENIAN_NATIONAL.key) -> RecognitionScheme:
    """The preset's scheme with its levels and checklists, to edit like any other. Refused while the
    network has the preset's scheme under the same name and not archived (a second click, say)."""
    _require_coordinator(actor, network)
    preset = PRESETS[key]
    Network.objects.select_for_update().filter(pk=network.pk).first()  # one preset at a time per network
    for scheme in RecognitionScheme.objects.filter(network=network, archived=False):
        if any(scheme.name.get(code) == text for code, text in preset.name.items()):
            raise ValidationError(
                _("The network already has the scheme “%(name)s”: edit it rather than adding it again.")
                % {"name": _for_reader(scheme.name, network)}
            )
    data = SchemeData(
        name=preset.name,
        description=preset.description,
        validity_years=preset.validity_years,
        levels=[LevelData(name=level.name, criteria=level.criteria) for level in preset.levels],
    )
    name, description, levels = _check_scheme(data)
    scheme = _create(network, name, description, preset.validity_years, levels)
    record_event(
        "coordination.recognition_scheme_created",
        actor=actor,
        obj=scheme,
        network=network,
        changes={"name": shown_name(name, network), "levels": len(levels), "preset": preset.key},
    )
    return scheme


def _awards_by_level(scheme: RecognitionScheme) -> dict[int, list[list[int]]]:
    ticked: dict[int, list[list[int]]] = {}
    for level_id, met in Award.objects.filter(level__scheme=scheme).values_list("level_id", "criteria_met"):
        ticked.setdefault(level_id, []).append([int(index) for index in met or []])
    return ticked


def _check_kept_levels(
    scheme: RecognitionScheme,
    existing: dict[str, RecognitionLevel],
    data: SchemeData,
    levels: list[tuple[dict, list[dict]]],
) -> None:
    """Refuse removing a level with awards, or shortening its checklist below the items awards use."""
    network = scheme.network
    awarded = _awards_by_level(scheme)
    errors: list[str] = []
    wanted = {level.public_id for level in data.levels if level.public_id}
    unknown = wanted - set(existing)
    if unknown:
        errors.append(_("A level in the form no longer exists in the scheme. Reload the page and try again."))
    for public_id, level in existing.items():
        count = len(awarded.get(level.pk, []))
        if public_id not in wanted and count:
            errors.append(
                ngettext(
                    "“%(level)s” has %(count)s award and cannot be removed.",
                    "“%(level)s” has %(count)s awards and cannot be removed.",
                    count,
                )
                % {"level": _for_reader(level.name, network), "count": count}
            )
    for level_data, (_name, criteria) in zip(data.levels, levels, strict=True):
        kept = existing.get(level_data.public_id)
        if kept is None:
            continue
        used = items_in_use(awarded.get(kept.pk, []))
        if len(criteria) < used:
            errors.append(
                ngettext(
                    "“%(level)s”: awards refer to the first %(count)s criterion of its checklist, so it must keep "
                    "at least %(count)s item. You may correct the wording or add criteria at the end.",
                    "“%(level)s”: awards refer to the first %(count)s criteria of its checklist, so it must keep "
                    "at least %(count)s items. You may correct the wording or add criteria at the end.",
                    used,
                )
                % {"level": _for_reader(kept.name, network), "count": used}
            )
    if errors:
        raise ValidationError({"levels": errors})


@transaction.atomic
def update_scheme(*, actor: User, scheme: RecognitionScheme, data: SchemeData) -> RecognitionScheme:
    """Change the names, validity and levels: the levels come in their new order, existing ones by
    their public id (their awards stay with them), new ones without; a level left out is removed."""
    _require_coordinator(actor, scheme.network)
    scheme = RecognitionScheme.objects.select_for_update().select_related("network").get(pk=scheme.pk)
    network = scheme.network
    name, description, levels = _check_scheme(data)
    existing = {str(level.public_id): level for level in scheme.levels.all()}
    _check_kept_levels(scheme, existing, data, levels)
    levels_before = [shown_name(level.name, network) for level in existing.values()]
    changes: dict[str, Any] = {}
    for key, old, new in (("name", scheme.name, name), ("description", scheme.description, description)):
        differs = [code for code in LANGUAGES if (old or {}).get(code, "") != new.get(code, "")]
        if differs:  # shown in the first language that changed
            changes[key] = {"before": (old or {}).get(differs[0], ""), "after": new.get(differs[0], "")}
    changed_checklists: list[str] = []
    kept: set[str] = set()
    for position, (level_data, (level_name, criteria)) in enumerate(zip(data.levels, levels, strict=True), start=1):
        level = existing.get(level_data.public_id)
        if level is None:
            RecognitionLevel.objects.create(scheme=scheme, position=position, name=level_name, criteria=criteria)
            continue
        kept.add(level_data.public_id)
        if level.criteria != criteria:
            changed_checklists.append(shown_name(level_name, network))
        if (level.position, level.name, level.criteria) != (position, level_name, criteria):
            level.position, level.name, level.criteria = position, level_name, criteria
            level.save(update_fields=["position", "name", "criteria"])
    removed = [level.pk for public_id, level in existing.items() if public_id not in kept]
    if removed:  # none of them has awards (checked above)
        RecognitionLevel.objects.filter(pk__in=removed).delete()
    levels_after = [shown_name(level_name, network) for level_name, _criteria in levels]
    if levels_before != levels_after:
        changes["levels"] = {"before": levels_before, "after": levels_after}
    if scheme.validity_years != data.validity_years:
        changes["validity_years"] = {"before": scheme.validity_years, "after": data.validity_years}
    if changed_checklists:
        changes["criteria"] = changed_checklists
    scheme.name, scheme.description, scheme.validity_years = name, description, data.validity_years
    scheme.save(update_fields=["name", "description", "validity_years"])
    record_event("coordination.recognition_scheme_changed", actor=actor, obj=scheme, network=network, changes=changes)
    return scheme


def _set_archived(actor: User, scheme: RecognitionScheme, archived: bool) -> RecognitionScheme:
    _require_coordinator(actor, scheme.network)
    scheme = RecognitionScheme.objects.select_for_update().select_related("network").get(pk=scheme.pk)
    if scheme.archived == archived:
        raise ValidationError(_("The scheme is already archived.") if archived else _("The scheme is not archived."))
    scheme.archived = archived
    scheme.save(update_fields=["archived"])
    return scheme


@transaction.atomic
def archive_scheme(*, actor: User, scheme: RecognitionScheme) -> RecognitionScheme:
    """No new awards under the scheme; its awards stay listed, public ones in the public list too."""
    scheme = _set_archived(actor, scheme, True)
    record_event("coordination.recognition_scheme_archived", actor=actor, obj=scheme, network=scheme.network)
    return scheme


@transaction.atomic
def restore_scheme(*, actor: User, scheme: RecognitionScheme) -> RecognitionScheme:
    scheme = _set_archived(actor, scheme, False)
    record_event("coordination.recognition_scheme_restored", actor=actor, obj=scheme, network=scheme.network)
    return scheme


# --- awards ------------------------------------------------------------------------------------------------


def _check_award(level: RecognitionLevel, data: AwardData, today: date) -> tuple[list[int], str, str]:
    scheme = level.scheme
    errors: dict[str, list[str]] = {}
    if data.organisation.network_id != scheme.network_id:
        errors["organisation"] = [_("Choose one of the network's organisations.")]
    if not FIRST_YEAR <= data.year <= today.year:
        errors["year"] = [_("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": today.year}]
    elif data.ceremony_on is not None and data.ceremony_on.year < data.year:
        errors["ceremony_on"] = [_("The ceremony cannot be before the year the recognition is for.")]
    total = len(level.criteria or [])
    met = sorted(set(data.criteria_met))
    note = data.criteria_note.strip()
    if any(not isinstance(index, int) or not 0 <= index < total for index in met):
        errors["criteria"] = [_("Tick only criteria of the level's checklist.")]
    elif len(met) < total and not note:
        errors["criteria_note"] = [
            _("Not every criterion is ticked: say why the organisation receives the recognition all the same.")
        ]
    if len(note) > REASON_LIMIT:
        errors["criteria_note"] = [_("Write at most %(limit)s characters.") % {"limit": REASON_LIMIT}]
    citation = data.citation.strip()
    if len(citation) > CITATION_LIMIT:
        errors["citation"] = [
            _("The citation can be at most %(limit)s characters long, to fit on the certificate.")
            % {"limit": CITATION_LIMIT}
        ]
    if errors:
        raise ValidationError(errors)
    return met, (note if len(met) < total else ""), citation


def _duplicate_message(level: RecognitionLevel, organisation: Organisation, year: int) -> str:
    network = level.scheme.network
    values = {"organisation": organisation.name, "level": _for_reader(level.name, network), "year": year}
    existing = Award.objects.filter(level=level, organisation=organisation, year=year).first()
    if existing is not None and existing.withdrawn_at is not None:
        return _(
            "%(organisation)s already had “%(level)s” for %(year)s; it was withdrawn on %(date)s, and the same "
            "recognition cannot be given again for that year."
        ) % {**values, "date": formats.date_format(timezone.localdate(existing.withdrawn_at), "DATE_FORMAT")}
    return _("%(organisation)s already has “%(level)s” for %(year)s.") % values


@transaction.atomic
def give_award(*, actor: User, level: RecognitionLevel, data: AwardData) -> Award:
    scheme = RecognitionScheme.objects.select_for_update().select_related("network").get(pk=level.scheme_id)
    network = scheme.network
    _require_coordinator(actor, network)
    level = RecognitionLevel.objects.select_related("scheme__network").get(pk=level.pk)
    if scheme.archived:
        raise ValidationError(
            _("The scheme “%(scheme)s” is archived: it gives no new awards.")
            % {"scheme": _for_reader(scheme.name, network)}
        )
    met, note, citation = _check_award(level, data, timezone.localdate())
    if Award.objects.filter(level=level, organisation=data.organisation, year=data.year).exists():
        raise ValidationError({"organisation": [_duplicate_message(level, data.organisation, data.year)]})
    award = Award(
        level=level,
        organisation=data.organisation,
        year=data.year,
        ceremony_on=data.ceremony_on,
        criteria_met=met,
        citation=citation,
        valid_until=valid_until(data.year, scheme.validity_years),
        public=data.public,
        awarded_by=actor,
    )
    try:
        with transaction.atomic():
            award.save()
    except IntegrityError:  # given by someone else a moment ago
        raise ValidationError({"organisation": [_duplicate_message(level, data.organisation, data.year)]}) from None
    changes: dict[str, Any] = {
        "recognition": shown_name(level.name, network),
        "year": data.year,
        "criteria_met": f"{len(met)}/{len(level.criteria or [])}",
        "ceremony": award.ceremony_on.isoformat() if award.ceremony_on else None,
        "shown_publicly": award.public,
        "valid_until": award.valid_until.isoformat() if award.valid_until else None,
    }
    if note:
        changes["criteria_note"] = note
    record_event(
        "coordination.award_given",
        actor=actor,
        obj=award,
        organisation=data.organisation,
        network=network,
        changes=changes,
    )
    return award


def _locked_award(award: Award) -> Award:
    return Award.objects.select_for_update().select_related("level__scheme__network", "organisation").get(pk=award.pk)


@transaction.atomic
def update_award(*, actor: User, award: Award, ceremony_on: date | None, citation: str, public: bool) -> Award:
    """Change what may change after the award: the ceremony date, the citation, the public listing."""
    network = award.level.scheme.network
    _require_coordinator(actor, network)
    award = _locked_award(award)
    if award.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn award can no longer change."))
    errors: dict[str, list[str]] = {}
    if ceremony_on is not None and ceremony_on.year < award.year:
        errors["ceremony_on"] = [_("The ceremony cannot be before the year the recognition is for.")]
    citation = citation.strip()
    if len(citation) > CITATION_LIMIT:
        errors["citation"] = [
            _("The citation can be at most %(limit)s characters long, to fit on the certificate.")
            % {"limit": CITATION_LIMIT}
        ]
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {}
    for attribute, key, value in (
        ("ceremony_on", "ceremony", ceremony_on),
        ("citation", "citation", citation),
        ("public", "shown_publicly", public),
    ):
        before = getattr(award, attribute)
        if before != value:
            changes[key] = {"before": _plain(before), "after": _plain(value)}
            setattr(award, attribute, value)
    if changes:
        award.save(update_fields=["ceremony_on", "citation", "public"])
        record_event(
            "coordination.award_changed",
            actor=actor,
            obj=award,
            organisation=award.organisation,
            network=network,
            changes=changes,
        )
    return award


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def withdraw_award(*, actor: User, award: Award, reason: str) -> Award:
    """Withdraw for good: the award leaves the public list, and its certificate can no longer be had."""
    network = award.level.scheme.network
    _require_coordinator(actor, network)
    award = _locked_award(award)
    if award.withdrawn_at is not None:
        raise ValidationError(_("This award has already been withdrawn."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the recognition is withdrawn.")]})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": [_("Write at most %(limit)s characters.") % {"limit": REASON_LIMIT}]})
    award.withdrawn_at = timezone.now()
    award.withdrawal_reason = reason
    award.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    record_event(
        "coordination.award_withdrawn",
        actor=actor,
        obj=award,
        organisation=award.organisation,
        network=network,
        changes={"recognition": shown_name(award.level.name, network), "year": award.year, "reason": reason},
    )
    return award
