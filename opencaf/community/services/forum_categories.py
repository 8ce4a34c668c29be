"""The categories of a network's forum: the coordinators create, rename, reorder and delete (when empty)
them, each named in the platform's languages (at least the network's own); the first opening of a
forum makes the default set (`ensure_default_categories`). Every write is atomic and audited."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencaf.audit.services import record_event
from opencaf.community.models import ForumCategory, Thread
from opencaf.community.permissions.forum import require_moderator
from opencaf.core.texts import too_long
from opencaf.frameworks.models import Criterion, FrameworkVersion
from opencaf.lib.texts import one_line
from opencaf.organisations.models import Network

if TYPE_CHECKING:
    from opencaf.accounts.models import User

CATEGORY_NAME_MAX = 120
CATEGORY_DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class CategoryData:
    names: Mapping[str, str] = field(default_factory=dict)  # {"sl": "Ankete", "en": "Surveys"}
    descriptions: Mapping[str, str] = field(default_factory=dict)


def clean_category(data: CategoryData, network: Network) -> tuple[dict[str, str], dict[str, str]]:
    """The names and descriptions tidied, only the languages written; errors keyed by the form's fields
    (`name_sl`, `description_sl`). The network's own language needs a name."""
    known = [code for code, _label in settings.LANGUAGES]
    errors: dict[str, list[str]] = {}
    unknown = sorted((set(data.names) | set(data.descriptions)) - set(known))
    if unknown:
        errors[NON_FIELD_ERRORS] = [_("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}]
    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for code in known:
        name, description = one_line(data.names.get(code)), one_line(data.descriptions.get(code))
        if len(name) > CATEGORY_NAME_MAX:
            errors.setdefault(f"name_{code}", []).append(too_long(CATEGORY_NAME_MAX))
        if len(description) > CATEGORY_DESCRIPTION_MAX:
            errors.setdefault(f"description_{code}", []).append(too_long(CATEGORY_DESCRIPTION_MAX))
        if description and not name:
            errors.setdefault(f"name_{code}", []).append(
                _("Name the category in this language too, or clear its description.")
            )
        if name:
            names[code] = name
        if description:
            descriptions[code] = description
    default = network.default_language if network.default_language in known else known[0]
    if default not in names:
        errors.setdefault(f"name_{default}", []).append(_("Name the category at least in the network's language."))
    if errors:
        raise ValidationError(errors)
    return names, descriptions


@transaction.atomic
def create_category(*, actor: User, network: Network, data: CategoryData) -> ForumCategory:
    require_moderator(actor, network)
    names, descriptions = clean_category(data, network)
    last = ForumCategory.objects.filter(network=network).aggregate(last=Max("position"))["last"]
    category = ForumCategory.objects.create(
        network=network, names=names, descriptions=descriptions, position=0 if last is None else last + 1
    )
    record_event(
        "community.forum_category_created",
        actor=actor,
        obj=category,
        network=network,
        changes={"forum_category_names": names},
    )
    return category


@transaction.atomic
def update_category(*, actor: User, category: ForumCategory, data: CategoryData) -> ForumCategory:
    require_moderator(actor, category.network)
    names, descriptions = clean_category(data, category.network)
    changes: dict[str, object] = {}
    if names != category.names:
        changes["forum_category_names"] = {"before": category.names, "after": names}
    if descriptions != category.descriptions:
        changes["forum_category_descriptions"] = sorted(set(descriptions) | set(category.descriptions))
    if not changes:
        return category
    category.names, category.descriptions = names, descriptions
    category.save(update_fields=["names", "descriptions"])
    record_event(
        "community.forum_category_changed", actor=actor, obj=category, network=category.network, changes=changes
    )
    return category


@transaction.atomic
def move_category(*, actor: User, category: ForumCategory, offset: int) -> ForumCategory:
    """One place up (`offset` -1) or down (+1) in the list; nothing at either end."""
    require_moderator(actor, category.network)
    ordered = list(
        ForumCategory.objects.select_for_update().filter(network=category.network).order_by("position", "pk")
    )
    index = next(i for i, each in enumerate(ordered) if each.pk == category.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(ordered):
        return category
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered):
        each.position = position
    ForumCategory.objects.bulk_update(ordered, ["position"])
    record_event(
        "community.forum_category_moved",
        actor=actor,
        obj=category,
        network=category.network,
        changes={"forum_position": {"before": index + 1, "after": target + 1}},
    )
    return ordered[target]


@transaction.atomic
def delete_category(*, actor: User, category: ForumCategory) -> None:
    """Only an empty category goes, and never the last one (an empty forum would get the defaults back)."""
    require_moderator(actor, category.network)
    if Thread.objects.filter(category=category).exists():
        raise ValidationError(_("Only an empty category can be deleted: move its threads to another one first."))
    if not ForumCategory.objects.filter(network=category.network).exclude(pk=category.pk).exists():
        raise ValidationError(_("The forum needs at least one category."))
    record_event(
        "community.forum_category_deleted",
        actor=actor,
        obj=category,
        network=category.network,
        changes={"forum_category_names": category.names},
    )
    category.delete()


# The default categories, made the first time a network's forum is opened: key, name, description. The
# criteria's categories (keys "criterion-1" … "criterion-9") come between the two groups.
DEFAULT_BEFORE_CRITERIA = (
    (
        "caf",
        gettext_lazy("CAF implementation"),
        gettext_lazy("Starting and running CAF: the project, the self-assessment group, scoring and consensus."),
    ),
)
DEFAULT_AFTER_CRITERIA = (
    (
        "surveys",
        gettext_lazy("Surveys"),
        gettext_lazy("Surveys of employees, citizens and customers: questions and results."),
    ),
    (
        "indicators",
        gettext_lazy("Indicators"),
        gettext_lazy("Measuring processes and results: indicators, targets and data."),
    ),
    (
        "feedback",
        gettext_lazy("External feedback"),
        gettext_lazy("Preparing for external feedback (PEF) and the Effective CAF User label."),
    ),
    (
        "reports",
        gettext_lazy("Self-assessment reports and improvement plans"),
        gettext_lazy("Writing the report, choosing priorities and following the improvement plan."),
    ),
)


@dataclass(frozen=True)
class DefaultCategory:
    key: str
    names: dict[str, str]
    descriptions: dict[str, str]


def _in_every_language(text: Callable[[], str]) -> dict[str, str]:
    texts = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text())
    return texts


def _fixed(key: str, name: Promise, about: Promise) -> DefaultCategory:
    return DefaultCategory(key, _in_every_language(lambda: str(name)), _in_every_language(lambda: str(about)))


def _criterion_category(criterion: Criterion) -> DefaultCategory:
    def name() -> str:
        return _("Criterion %(number)s: %(title)s") % {"number": criterion.number, "title": criterion.title}

    def about() -> str:
        return _("Experiences, questions and examples for this criterion.")

    return DefaultCategory(f"criterion-{criterion.number}", _in_every_language(name), _in_every_language(about))


def default_categories() -> list[DefaultCategory]:
    """The default categories in their order, named in every language of the platform; the criteria are
    named from the newest framework loaded, with its titles in each language (none without one)."""
    framework = FrameworkVersion.objects.order_by("-version", "code").first()
    criteria = list(framework.criteria.order_by("number")) if framework is not None else []
    categories = [_fixed(*default) for default in DEFAULT_BEFORE_CRITERIA]
    categories += [_criterion_category(criterion) for criterion in criteria]
    categories += [_fixed(*default) for default in DEFAULT_AFTER_CRITERIA]
    return categories


@transaction.atomic
def ensure_default_categories(network: Network, *, actor: User | None = None) -> list[ForumCategory]:
    """The network's categories; the default set is made first when it has none (its forum is opened
    for the first time: the last category can never be deleted, so none means never opened)."""
    Network.objects.select_for_update().filter(pk=network.pk).first()  # one opening at a time
    existing = list(ForumCategory.objects.filter(network=network).order_by("position", "pk"))
    if existing:
        return existing
    categories = ForumCategory.objects.bulk_create(
        ForumCategory(network=network, names=default.names, descriptions=default.descriptions, position=position)
        for position, default in enumerate(default_categories())
    )
    record_event("community.forum_categories_created", actor=actor, network=network, changes={"count": len(categories)})
    return categories


def default_categories_by_key(network: Network) -> dict[str, ForumCategory]:
    """The network's default categories by key ("caf", "criterion-1" … "criterion-9", "surveys",
    "indicators", "feedback", "reports"), made first if need be; found by their English name, so one
    renamed since is missing. For seeding content (the demo)."""
    by_english = {category.names.get("en"): category for category in ensure_default_categories(network)}
    return {
        default.key: by_english[default.names["en"]]
        for default in default_categories()
        if default.names.get("en") in by_english
    }
