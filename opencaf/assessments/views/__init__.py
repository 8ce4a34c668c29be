"""Views of the self-assessment context, split by phase: project, individual input, consensus."""
