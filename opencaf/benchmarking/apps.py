from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "opencaf.benchmarking"
    label = "benchmarking"
    verbose_name = _("Benchmarking")

    def ready(self) -> None:
        from opencaf.benchmarking import audit_vocabulary, signals, todo

        audit_vocabulary.register()
        todo.register()
        # Consented data changes in other apps: refresh the snapshot (see signals.py).
        signals.connect()
