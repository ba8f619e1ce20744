"""The second Teams adapter, on the Microsoft 365 Agents SDK (``BLENDBOT_TEAMS_SDK=agents``).

Installed with ``pip install -e '.[agents]'``. Only this folder imports the SDK
(``microsoft_agents``); it reads and writes activities as protocol JSON (:mod:`bot.wire`)
and hands each turn to the same :class:`~bot.router.Router` as the botbuilder adapter.
"""
