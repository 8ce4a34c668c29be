"""Audit actions and changed fields of external feedback: the scoring part (merged by audit_vocabulary.py)."""

from django.utils.functional import Promise

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {}
FIELDS: dict[str, Field] = {}
