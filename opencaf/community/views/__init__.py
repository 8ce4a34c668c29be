"""The community app's views, one module per part (good practices, library, forum, moderation, notifications)."""
