"""Audit actions and changed fields of the coordination app's recognitions (merged by audit_vocabulary.py).
Field keys are shared across the app: reuse one from audit_vocabulary.FIELDS when it means the same."""

from django.utils.functional import Promise

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {}
FIELDS: dict[str, Field] = {}
