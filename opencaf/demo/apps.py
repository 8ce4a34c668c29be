from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: only the `seed_demo` command and the data it seeds."""

    name = "opencaf.demo"
    label = "demo"
    verbose_name = "Demo data"
