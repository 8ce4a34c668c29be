#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencaf.settings")
    # A checkout with no SECRET_KEY configured is a developer's: run commands in development mode
    # rather than refuse. Deployments set SECRET_KEY, so this never turns DEBUG on for them, and
    # the WSGI entry point (opencaf/wsgi.py) never does this.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
