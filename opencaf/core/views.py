"""Home page (the person's to-do list), health check and error pages."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opencaf.core import todo


def home(request: HttpRequest) -> HttpResponse:
    """The page people open first: what needs them, then the sections the apps register (their
    networks and organisations). core knows no app; each fills the registries in core.todo."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    context = {"items": todo.items_for(request.user), "sections": todo.sections_for(request.user)}
    return render(request, "core/dashboard.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise. For load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may lie in them. The active language is kept.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
