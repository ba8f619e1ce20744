"""Throughput and latency of POST /api/messages under concurrent load.

Runs, side by side in one run and on the same machine:

- ``echo-stock``: the SDK's echo sample (stock ``CloudAdapter``, no client reuse);
- ``echo-cached``: the same echo bot on our adapter (connector / token client reuse);
- ``blendbot``: the real app (``bot.app.create_app``: classifier, SQLite state, cards);
- ``agents-echo-stock``: the Microsoft 365 Agents SDK's echo agent (its ``CloudAdapter``,
  ``ActivityHandler`` and JWT middleware, anonymous);
- ``blendbot-agents``: the real app on the Agents SDK (``BLENDBOT_TEAMS_SDK=agents``).

Each Blendbot variant is compared with the stock echo bot of its own SDK.

Each server runs in its own process; replies go to a Bot Connector stand-in in another
process; this process is the load generator (``--clients`` concurrent clients, one Teams
conversation each). Prints messages/s, p50/p99 latency and server CPU per message.

    .venv/bin/python benchmarks/endpoint.py --messages 2000 --clients 20
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import multiprocessing as mp
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "fixtures" / "teams" / "b_personal_chat_message.json"
QUESTIONS = ROOT / "tests" / "fixtures" / "eval" / "dev.jsonl"
VARIANTS = ("echo-stock", "echo-cached", "blendbot", "agents-echo-stock", "blendbot-agents")
#: Each Blendbot variant and the stock echo bot on the same SDK.
BASELINES = {"blendbot": "echo-stock", "blendbot-agents": "agents-echo-stock"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- server processes --------------------------------------------------------------------------
def run_connector(port: int) -> None:
    from aiohttp import web

    counter = itertools.count(1)
    received = {"n": 0}

    async def activity(request: web.Request) -> web.Response:
        await request.read()
        received["n"] += 1
        return web.json_response({"id": f"a{next(counter)}"})

    async def count(_: web.Request) -> web.Response:
        return web.json_response(received)

    app = web.Application()
    app.router.add_get("/count", count)
    app.router.add_route("*", "/{tail:.*}", activity)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def _cpu_route(app: Any) -> None:
    from aiohttp import web

    async def cpu(_: web.Request) -> web.Response:
        return web.json_response({"cpu": time.process_time()})

    app.router.add_get("/__cpu", cpu)


def run_server(variant: str, port: int, workdir: str) -> None:
    from aiohttp import web

    if variant == "agents-echo-stock":
        run_agents_echo(port)
        return
    if variant in ("blendbot", "blendbot-agents"):
        from bot.app import create_app
        from bot.logging_setup import PathOnlyAccessLogger, configure_logging
        from bot.settings import load_settings

        settings = load_settings(
            _env_file=None, app_id="", app_password="", host="127.0.0.1", port=port,
            database_url=f"sqlite:///{workdir}/{variant}.sqlite3",
            cache_dir=Path(workdir) / "cache", tip_schedule="off", log_level="INFO",
            teams_sdk="agents" if variant == "blendbot-agents" else "botbuilder")
        log_file = open(Path(workdir) / f"{variant}.log", "a", encoding="utf-8")  # noqa: SIM115
        configure_logging(settings, stream=log_file)
        app = create_app(settings)
        _cpu_route(app)
        web.run_app(app, host="127.0.0.1", port=port, print=None,
                    access_log_class=PathOnlyAccessLogger)
        return

    from botbuilder.core import ActivityHandler, TurnContext
    from botbuilder.integration.aiohttp import (
        CloudAdapter,
        ConfigurationBotFrameworkAuthentication,
    )

    class Config:
        APP_ID = ""
        APP_PASSWORD = ""
        APP_TYPE = "MultiTenant"
        APP_TENANTID = ""

    class EchoBot(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"Echo: {turn_context.activity.text}")

    if variant == "echo-stock":
        adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    else:
        from bot.channels.botframework_adapter import create_adapter
        from bot.settings import load_settings

        adapter = create_adapter(load_settings(_env_file=None, app_id="", app_password=""))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    _cpu_route(app)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


def run_agents_echo(port: int) -> None:
    """The Agents SDK's own echo agent, as its samples build it (anonymous, no app id)."""
    from aiohttp import web
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import (
        CloudAdapter,
        jwt_authorization_middleware,
        start_agent_process,
    )
    from microsoft_agents.hosting.core import ActivityHandler, TurnContext
    from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration

    config = AgentAuthConfiguration(anonymous_allowed=True)
    adapter = CloudAdapter(connection_manager=MsalConnectionManager(
        connections_configurations={"SERVICE_CONNECTION": config}))

    class EchoAgent(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(f"Echo: {turn_context.activity.text}")

    agent = EchoAgent()

    async def messages(request: web.Request) -> web.Response:
        return await start_agent_process(request, agent, adapter)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = config
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    _cpu_route(app)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


# ---- load generator ----------------------------------------------------------------------------
async def wait_healthy(session: Any, url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit(f"server at {url} did not become healthy")


def activities(client: int, count: int, connector_url: str, texts: list[str],
               label: str) -> list[bytes]:
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    out = []
    for i in range(count):
        activity = dict(base)
        activity["id"] = f"bench-{label}-{client}-{i}"
        activity["serviceUrl"] = connector_url
        activity["text"] = texts[(client + i) % len(texts)]
        activity["conversation"] = {"conversationType": "personal", "id": f"a:bench-{client}"}
        activity["from"] = dict(base["from"], id=f"29:bench-user-{client}")
        out.append(json.dumps(activity).encode())
    return out


async def post_all(session: Any, url: str, bodies: list[list[bytes]]) -> tuple[list[float], int]:
    """One task per client, each posting its bodies one after the other."""
    latencies: list[float] = []
    failures = 0

    async def client(own: list[bytes]) -> None:
        nonlocal failures
        for body in own:
            start = time.perf_counter()
            async with session.post(url, data=body,
                                    headers={"Content-Type": "application/json"}) as response:
                await response.read()
                failures += response.status >= 300
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(client(own) for own in bodies))
    return latencies, failures


async def measure(port: int, connector_port: int, messages: int, clients: int,
                  label: str, texts: list[str]) -> dict[str, Any]:
    """Post ``messages`` over ``clients`` concurrent clients; raw figures for one round."""
    import aiohttp

    base = f"http://127.0.0.1:{port}"
    connector_url = f"http://127.0.0.1:{connector_port}/"
    per_client = max(1, messages // clients)
    async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=clients + 5)) as session:
        await wait_healthy(session, f"{base}/healthz")
        bodies = [activities(c, per_client, connector_url, texts, label) for c in range(clients)]
        replies_before = await connector_count(connector_port)
        async with session.get(f"{base}/__cpu") as response:
            cpu_before = (await response.json())["cpu"]
        started = time.perf_counter()
        latencies, failures = await post_all(session, f"{base}/api/messages", bodies)
        elapsed = time.perf_counter() - started
        async with session.get(f"{base}/__cpu") as response:
            cpu = (await response.json())["cpu"] - cpu_before
        replies = await connector_count(connector_port) - replies_before
    return {"latencies": latencies, "failures": failures, "seconds": elapsed, "cpu": cpu,
            "replies": replies}


def summarise(rounds: list[dict[str, Any]]) -> dict[str, float]:
    latencies = sorted(x for r in rounds for x in r["latencies"])
    total = len(latencies)
    seconds = sum(r["seconds"] for r in rounds)
    return {
        "messages": total,
        "failures": sum(r["failures"] for r in rounds),
        "replies": sum(r["replies"] for r in rounds),
        "msg_per_s": total / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(total - 1, int(total * 0.99))],
        "cpu_ms_per_msg": 1000 * sum(r["cpu"] for r in rounds) / total,
    }


async def connector_count(port: int) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}/count") as response:
        return (await response.json())["n"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4,
                        help="alternate the variants this many times (messages are split)")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--workdir", default=None,
                        help="keep the SQLite file and blendbot.log here (default: temporary)")
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in QUESTIONS.read_text("utf-8").splitlines()
             if line.strip()]

    ctx = mp.get_context("spawn")
    connector_port = free_port()
    connector = ctx.Process(target=run_connector, args=(connector_port,), daemon=True)
    connector.start()
    variants = args.variants.split(",")
    rounds: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    servers = []
    with tempfile.TemporaryDirectory(prefix="blendbot-bench-") as tmp:
        workdir = args.workdir or tmp
        Path(workdir).mkdir(parents=True, exist_ok=True)
        try:
            ports = {}
            for variant in variants:
                ports[variant] = free_port()
                server = ctx.Process(target=run_server, args=(variant, ports[variant], workdir),
                                     daemon=True)
                server.start()
                servers.append(server)
            for variant in variants:  # warm-up, not counted
                asyncio.run(measure(ports[variant], connector_port, args.warmup, args.clients,
                                    "warm", texts))
            # Rounds alternate between the variants, so that a busy moment on a shared
            # machine does not land on one variant only.
            for number in range(args.rounds):
                for variant in variants:
                    rounds[variant].append(asyncio.run(measure(
                        ports[variant], connector_port, args.messages // args.rounds,
                        args.clients, f"r{number}", texts)))
        finally:
            for server in servers:
                server.terminate()
                server.join(10)
    connector.terminate()
    results = {variant: summarise(rounds[variant]) for variant in variants}

    print(f"\nPOST /api/messages, {args.clients} concurrent clients, {args.messages} messages "
          f"per variant in {args.rounds} alternating rounds (after {args.warmup} warm-up)\n")
    print(f"{'variant':<12} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms/msg':>11} "
          f"{'failed':>7} {'replies':>8}")
    for name, r in results.items():
        print(f"{name:<12} {r['msg_per_s']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} "
              f"{r['cpu_ms_per_msg']:11.2f} {int(r['failures']):7d} {int(r['replies']):8d}")
    print()
    for name, baseline in BASELINES.items():
        if name in results and baseline in results:
            ratio = results[name]["msg_per_s"] / results[baseline]["msg_per_s"]
            print(f"ratio {name} / {baseline} throughput: {ratio:.2f} (target >= 2.0)")


if __name__ == "__main__":
    main()
