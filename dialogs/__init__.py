"""botbuilder-dialogs conversations: the readiness check (plain scoring and parsing beside it)."""
