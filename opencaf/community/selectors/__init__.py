"""The community app's selectors, one module per part (good practices, library, forum, moderation, notifications)."""
