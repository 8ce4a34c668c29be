"""Audit actions and changed fields of the benchmarking app's figures (merged by audit_vocabulary.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "benchmarking.snapshot_refresh_requested": _("Refresh of the benchmark figures requested"),
}
FIELDS: dict[str, Field] = {
    "benchmark_already_waiting": Field(_("A refresh was already waiting")),
}
