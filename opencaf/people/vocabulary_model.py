"""Audit vocabulary of the people app's model part (merged by audit_vocabulary.py): the competency model
and its versions (services/model.py), job profiles (services/profiles.py) and employees' records
(services/employees.py). A network's model is recorded on the network's log, an organisation's on its own."""

from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field, Label, choice_label
from opencaf.people.models import DigCompArea


def _listed(value: object) -> str:
    """A list recorded as such (competency codes, what did not carry over) as one line."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _yes_no(value: object) -> str:
    return str(_("yes") if value else _("no"))


ACTIONS: dict[str, Label] = {
    "people.model_adopted": _("Starter competency model adopted"),
    "people.model_draft_started": _("Draft version of the competency model started"),
    "people.model_published": _("Version of the competency model published"),
    "people.model_levels_changed": _("Names of the proficiency levels changed"),
    "people.competency_added": _("Competency added to a draft version"),
    "people.competency_changed": _("Competency changed in a draft version"),
    "people.competency_removed": _("Competency removed from a draft version"),
    "people.profile_created": _("Job profile created"),
    "people.profile_changed": _("Job profile changed"),
    "people.profile_archived": _("Job profile archived"),
    "people.profile_moved": _("Job profile moved to a newer version of the competency model"),
    "people.employees_added": _("Members added as employees"),
    "people.employee_changed": _("Employee's record changed"),
}

FIELDS: dict[str, Field] = {
    "version": Field(_("Version")),
    "from_version": Field(_("From version")),
    "source": Field(_("Started from")),
    "competency": Field(_("Competency")),
    "competencies": Field(_("Competencies"), _listed),
    "cluster": Field(_("Cluster")),
    "languages": Field(_("Languages"), _listed),
    "indicators": Field(_("Behavioural indicators")),
    "digcomp_area": Field(_("DigComp area"), choice_label(DigCompArea)),
    "level_names": Field(_("Names of the levels"), _listed),
    "title": Field(_("Title")),
    "family": Field(_("Job family")),
    "requirements": Field(_("Required levels")),
    "key_competencies": Field(_("Key competencies"), _listed),
    "not_carried": Field(_("Did not carry over"), _listed),
    "archived": Field(_("Archived"), _yes_no),
    "employee": Field(_("Employee")),
    "profile": Field(_("Job profile")),
    "line_manager": Field(_("Line manager")),
    "position_title": Field(_("Position")),
}
