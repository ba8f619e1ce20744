"""The readiness check: a plain state machine over conversation state, with its reply
parsing, scoring and results beside it (no botbuilder.dialogs)."""
