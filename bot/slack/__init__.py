"""Slack channel: signed Events API / interactivity requests in, Web API calls out.

A channel adapter of its own (no Bot Framework): ``routes`` (the HTTP route), ``channel``
(background turns), ``translate`` / ``membership`` (payloads as our ``Turn``), ``turns`` (the
router inside the conversation state), ``replies`` / ``outgoing`` (Block Kit via the Web API).
"""
