from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"language_self_names": settings.LANGUAGE_SELF_NAMES}
