from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "opencaf.community"
    label = "community"
    verbose_name = _("Good practices and forum")

    def ready(self) -> None:
        from opencaf.assessments.subcriterion_links import register_links
        from opencaf.community import audit_vocabulary, event_links, links, todo
        from opencaf.coordination.event_links import register_links as register_event_links

        audit_vocabulary.register()
        todo.register()
        # The scoring and consensus pages of a subcriterion list the library's practices for it.
        register_links("community", links.for_subcriteria)
        # The event pages link the event's thread in the network's forum.
        register_event_links("community", event_links.for_events)
