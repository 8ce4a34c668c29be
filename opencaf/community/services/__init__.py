"""The community app's services, one module per part (good practices, library, forum, moderation, notifications)."""
