"""Slack channel: signed Events API / interactivity requests in, Web API calls out."""
