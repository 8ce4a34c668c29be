"""Background tasks (django.tasks): thin wrappers over services."""

from django.tasks import task

from opencaf.community.services import forum_notifications


@task
def send_post_notifications(post_id: int) -> int:
    """E-mail the people to be told at once of a new post (queued when the post commits)."""
    return forum_notifications.send_post_notifications(post_id)
