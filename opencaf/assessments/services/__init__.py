"""Every change to a self-assessment, split by phase: the project and its plan, groups, individual
input, consensus, evidence and the next cycle.

Each function is atomic, takes the acting user as `actor`, re-checks permission and writes its audit
event in the same transaction; e-mail goes out after commit. Callers import this package
(`from opencaf.assessments import services`) and never the phase modules, so a function can move
between them without touching its callers.
"""

from opencaf.assessments.services._common import MAX_ENTRIES_PER_KIND
from opencaf.assessments.services.consensus import StaleConsensusError, record_consensus
from opencaf.assessments.services.cycle import reopen_individual_scoring, start_next_cycle
from opencaf.assessments.services.evidence import (
    attach_evidence,
    confirm_evidence,
    detach_evidence,
    upload_and_attach,
)
from opencaf.assessments.services.groups import add_seat, create_group, replace_seat_member
from opencaf.assessments.services.individual import save_individual, send_reminders
from opencaf.assessments.services.project import change_state, create_assessment, save_plan_item, update_settings

__all__ = [
    "MAX_ENTRIES_PER_KIND",
    "StaleConsensusError",
    "add_seat",
    "attach_evidence",
    "change_state",
    "confirm_evidence",
    "create_assessment",
    "create_group",
    "detach_evidence",
    "record_consensus",
    "reopen_individual_scoring",
    "replace_seat_member",
    "save_individual",
    "save_plan_item",
    "send_reminders",
    "start_next_cycle",
    "update_settings",
    "upload_and_attach",
]
