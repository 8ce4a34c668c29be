"""(Being written.) Pure Python, free of Django (import-linter contract)."""
