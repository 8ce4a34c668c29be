"""The steps test_worker_killed.py runs in subprocesses against a file database shared with a real
`db_worker`: `python -m opencaf.reports.tests.worker_steps <step> [argument]`, with the environment
that points the settings at the test's own directory (OPENCAF_VAR_DIR). Each step prints one JSON line.

Not a test module: the test process runs on the in-memory test database, which no other process sees.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

# The person who asks for the document and then tries it again: the demo municipality's manager.
REQUESTER = "manager@example.org"


def prepare() -> dict[str, object]:
    """Tables, the CAF model and the demo, with its closed 2024 self-assessment, as `make prepare` does."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return {}


def request(language: str) -> dict[str, object]:
    """Ask for a PDF of the demo 2024 report, as the report page does; the task goes to the database queue."""
    from opencaf.accounts.models import User
    from opencaf.assessments.models import SelfAssessment
    from opencaf.demo.assessments import TITLE_PAST
    from opencaf.reports import services

    document = services.request_document(
        actor=User.objects.get(email=REQUESTER),
        assessment=SelfAssessment.objects.get(title=TITLE_PAST),
        fmt="pdf",
        language=language,
    )
    return {"id": document.pk, "status": document.status}


def retry(document_id: str) -> dict[str, object]:
    """What the "Try again" button does."""
    from opencaf.accounts.models import User
    from opencaf.reports import services
    from opencaf.reports.models import ReportDocument

    document = services.retry_document(
        actor=User.objects.get(email=REQUESTER), document=ReportDocument.objects.get(pk=int(document_id))
    )
    return {"id": document.pk}


STEPS: dict[str, Callable[..., dict[str, object]]] = {"prepare": prepare, "request": request, "retry": retry}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencaf.settings")
    import django

    django.setup()
    step, *arguments = sys.argv[1:]
    print(json.dumps(STEPS[step](*arguments)))
