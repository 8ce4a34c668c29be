"""Typing for views behind @login_required: request.user is a real User there."""

from django.http import HttpRequest

from opencaf.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
