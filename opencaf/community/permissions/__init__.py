"""The community app's permissions, one module per part (good practices, library, forum, moderation, notifications)."""
