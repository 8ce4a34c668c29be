"""The forms of the people app's model part: a draft's competency (names, definitions and behavioural
indicators in every language), a new competency, the names of the levels; a job profile (the required
level per competency, grouped by cluster, with its key flag) and moving it to a newer version; an
employee's record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership
from opencaf.people import model_schema
from opencaf.people.models import Cluster, ClusterKind, Competency, DigCompArea, JobProfile, ModelVersion
from opencaf.people.services.profiles import DESCRIPTION_MAX, FAMILY_MAX, TITLE_MAX, ProfileInput

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _text_field(
    label: Any, code: str, initial: str, *, limit: int, rows: int = 0, required: bool = False
) -> forms.Field:
    widget = forms.Textarea(attrs={"rows": rows, "lang": code}) if rows else forms.TextInput(attrs={"lang": code})
    return forms.CharField(
        label=f"{label} ({LANGUAGE_NAMES[code]})",
        required=required,
        max_length=limit,
        initial=initial,
        widget=widget,
    )


def _texts(data: dict[str, Any], name: str) -> dict[str, str]:
    return {code: data.get(f"{name}_{code}", "") or "" for code in LANGUAGES}


class _NamesMixin:
    """Name and definition per platform language."""

    fields: dict[str, forms.Field]

    def _add_names(self, names: dict[str, str], definitions: dict[str, str]) -> None:
        for code in LANGUAGES:
            self.fields[f"name_{code}"] = _text_field(
                _("Name"), code, names.get(code, ""), limit=model_schema.NAME_LIMIT
            )
        for code in LANGUAGES:
            self.fields[f"definition_{code}"] = _text_field(
                _("Definition"), code, definitions.get(code, ""), limit=model_schema.DEFINITION_LIMIT, rows=3
            )

    def _check_a_name(self, cleaned: dict[str, Any]) -> None:
        if not any(str(cleaned.get(f"name_{code}") or "").strip() for code in LANGUAGES):
            self.add_error(f"name_{LANGUAGES[0]}", _("Give the competency a name in at least one language."))  # type: ignore[attr-defined]


class CompetencyForm(_NamesMixin, StyledFormMixin, forms.Form):
    """One competency of a draft in every language; the behavioural indicators of each level are one
    text area per language, one indicator per line (the n-th lines of the languages are one indicator)."""

    def __init__(
        self, *args: Any, competency: Competency, version: ModelVersion, level_names: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.levels = version.levels
        self._add_names(competency.names or {}, competency.definitions or {})
        lines: dict[tuple[int, str], list[str]] = {}
        for indicator in competency.indicators.all():
            for code in LANGUAGES:
                lines.setdefault((indicator.level, code), []).append(str((indicator.texts or {}).get(code) or ""))
        for level in range(1, self.levels + 1):
            for code in LANGUAGES:
                label = _("Behavioural indicators, level %(level)d – %(name)s") % {
                    "level": level,
                    "name": level_names[level - 1],
                }
                field = _text_field(label, code, "\n".join(lines.get((level, code), [])), limit=10000, rows=4)
                if code == LANGUAGES[0]:
                    field.help_text = _("One behavioural indicator per line, in the same order in every language.")
                self.fields[f"indicators_{level}_{code}"] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_a_name(cleaned)
        for level in range(1, self.levels + 1):
            counts = {code: len(self._lines(cleaned, level, code)) for code in LANGUAGES}
            written = {count for count in counts.values() if count}
            if len(written) > 1:
                for code, count in counts.items():
                    if count and count != max(written):
                        self.add_error(
                            f"indicators_{level}_{code}",
                            _("Write as many behavioural indicators here as in the other languages (%(count)d).")
                            % {"count": max(written)},
                        )
            for code in LANGUAGES:
                if any(len(line) > model_schema.INDICATOR_LIMIT for line in self._lines(cleaned, level, code)):
                    self.add_error(
                        f"indicators_{level}_{code}",
                        _("Keep each behavioural indicator to %(max)d characters.")
                        % {"max": model_schema.INDICATOR_LIMIT},
                    )
        return cleaned

    @staticmethod
    def _lines(cleaned: dict[str, Any], level: int, code: str) -> list[str]:
        text = str(cleaned.get(f"indicators_{level}_{code}") or "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def names(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "name")

    def definitions(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "definition")

    def indicators(self) -> dict[int, list[dict[str, str]]]:
        result: dict[int, list[dict[str, str]]] = {}
        for level in range(1, self.levels + 1):
            lines = {code: self._lines(self.cleaned_data, level, code) for code in LANGUAGES}
            count = max(len(items) for items in lines.values())
            result[level] = [
                {code: items[index] for code, items in lines.items() if index < len(items)} for index in range(count)
            ]
        return result


class ClusterField(forms.ModelChoiceField[Cluster]):
    def label_from_instance(self, obj: Cluster) -> str:
        return text_in(obj.names, _language(), "en") or obj.code


class AddCompetencyForm(_NamesMixin, StyledFormMixin, forms.Form):
    cluster = ClusterField(label=_("Cluster"), queryset=Cluster.objects.none(), empty_label=None)
    code = forms.CharField(
        label=_("Code"),
        max_length=model_schema.CODE_LIMIT,
        help_text=_(
            "Kept from version to version, so that results can be compared: letters, digits and hyphens, "
            "such as CORE-6."
        ),
    )
    digcomp_area = forms.ChoiceField(
        label=_("DigComp area"),
        required=False,
        choices=[("", _("None (not a digital competency)")), *DigCompArea.choices],
        help_text=_("For a competency of a digital cluster only."),
    )

    def __init__(self, *args: Any, version: ModelVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = version.clusters.order_by("position", "id")  # type: ignore[attr-defined]
        self._add_names({}, {})
        self.fields["digcomp_area"] = self.fields.pop("digcomp_area")  # after the texts, where it is read

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_a_name(cleaned)
        cluster, area = cleaned.get("cluster"), cleaned.get("digcomp_area") or ""
        if cluster is not None and cluster.kind == ClusterKind.DIGITAL and not area:
            self.add_error("digcomp_area", _("Choose the DigComp area of this digital competency."))
        if cluster is not None and cluster.kind != ClusterKind.DIGITAL and area:
            self.add_error("digcomp_area", _("Only a competency of a digital cluster has a DigComp area."))
        return cleaned

    def names(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "name")

    def definitions(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "definition")


class LevelNamesForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, version: ModelVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = version.levels
        names = list(version.level_names or [])
        for level in range(1, self.levels + 1):
            initial = names[level - 1] if level <= len(names) else {}
            for code in LANGUAGES:
                label = _("Level %(level)d") % {"level": level}
                self.fields[f"level_{level}_{code}"] = _text_field(
                    label, code, initial.get(code, ""), limit=model_schema.NAME_LIMIT
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for level in range(1, self.levels + 1):
            if not any(str(cleaned.get(f"level_{level}_{code}") or "").strip() for code in LANGUAGES):
                self.add_error(
                    f"level_{level}_{LANGUAGES[0]}",
                    _("Give level %(level)d a name in at least one language.") % {"level": level},
                )
        return cleaned

    def level_names(self) -> list[dict[str, str]]:
        return [_texts(self.cleaned_data, f"level_{level}") for level in range(1, self.levels + 1)]


# --- job profiles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementRow:
    code: str
    name: str
    level: forms.BoundField
    key: forms.BoundField


@dataclass(frozen=True)
class ClusterRows:
    name: str
    rows: list[RequirementRow]


class FieldsOf:
    """Some of a form's fields, for core/_form_fields.html where the rest is laid out otherwise (the
    page includes the whole form's error summary itself)."""

    def __init__(self, form: forms.BaseForm, names: list[str]) -> None:
        self.form = form
        self.names = names

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.names]

    def hidden_fields(self) -> list[forms.BoundField]:
        return []


class ProfileForm(StyledFormMixin, forms.Form):
    """A job profile on one version: its title, job family and description, and per competency the
    level it requires (none, or 1 to the highest) and whether it is a key competency."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    family = forms.CharField(
        label=_("Job family"),
        max_length=FAMILY_MAX,
        required=False,
        help_text=_("Positions with similar work, such as “Administrative staff” or “Inspectors”."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        version: ModelVersion,
        level_names: list[str],
        profile: JobProfile | None = None,
        required: dict[str, tuple[int, bool]] | None = None,
        **kwargs: Any,
    ) -> None:
        if profile is not None:
            kwargs.setdefault(
                "initial", {"title": profile.title, "family": profile.family, "description": profile.description}
            )
        super().__init__(*args, **kwargs)
        required = required or {}
        language = _language()
        choices = [("0", _("Not required"))] + [
            (str(level), f"{level} – {name}") for level, name in enumerate(level_names, start=1)
        ]
        self.codes: list[str] = []
        groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
        for competency in version.competencies.select_related("cluster").order_by(
            "cluster__position", "cluster__id", "position", "id"
        ):
            code = competency.code
            name = text_in(competency.names, language, "en") or code
            level, key = required.get(code, (0, False))
            self.fields[f"level_{code}"] = forms.TypedChoiceField(
                label=_("Required level: %(competency)s") % {"competency": name},
                choices=choices,
                coerce=int,
                initial=str(level),
            )
            self.fields[f"key_{code}"] = forms.BooleanField(
                label=_("Key competency: %(competency)s") % {"competency": name}, required=False, initial=key
            )
            self.codes.append(code)
            cluster = competency.cluster
            groups.setdefault(cluster.pk, (text_in(cluster.names, language, "en") or cluster.code, []))[1].append(
                (code, name)
            )
        self.details = FieldsOf(self, ["title", "family", "description"])
        self.clusters = [
            ClusterRows(
                name=cluster_name,
                rows=[RequirementRow(code, name, self[f"level_{code}"], self[f"key_{code}"]) for code, name in rows],
            )
            for cluster_name, rows in groups.values()
        ]

    def to_input(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            title=data["title"],
            family=data.get("family", ""),
            description=data.get("description", ""),
            requirements={
                code: (int(data.get(f"level_{code}") or 0), bool(data.get(f"key_{code}"))) for code in self.codes
            },
        )


class VersionField(forms.ModelChoiceField[ModelVersion]):
    def label_from_instance(self, obj: ModelVersion) -> str:
        name = text_in(obj.model.names, _language(), "en")
        return str(_("%(model)s, version %(number)d") % {"model": name, "number": obj.number})


class MoveProfileForm(StyledFormMixin, forms.Form):
    version = VersionField(label=_("Newer version"), queryset=ModelVersion.objects.none(), empty_label=None)

    def __init__(self, *args: Any, versions: list[ModelVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = ModelVersion.objects.filter(pk__in=[v.pk for v in versions]).select_related("model")  # type: ignore[attr-defined]
        field.to_field_name = "public_id"  # type: ignore[attr-defined]


# --- employees -------------------------------------------------------------------------------------


class MemberField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user.display_name)


class ProfileField(forms.ModelChoiceField[JobProfile]):
    def label_from_instance(self, obj: JobProfile) -> str:
        return obj.title


class EmployeeForm(StyledFormMixin, forms.Form):
    position_title = forms.CharField(label=_("Position"), max_length=200, required=False)
    profile = ProfileField(
        label=_("Job profile"), queryset=JobProfile.objects.none(), required=False, empty_label=_("None")
    )
    line_manager = MemberField(
        label=_("Line manager"), queryset=Membership.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, profiles: Any, managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        self.fields["profile"].to_field_name = "public_id"  # type: ignore[attr-defined]
        self.fields["line_manager"].queryset = managers  # type: ignore[attr-defined]
        self.fields["line_manager"].to_field_name = "public_id"  # type: ignore[attr-defined]
