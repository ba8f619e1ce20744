"""Broadcast benchmark: N subscriptions, a connector stand-in that throttles like Teams.

    .venv/bin/python benchmarks/broadcast.py [--subscriptions 10000] [--tenants 20]
        [--database sqlite|postgresql] [--tenant-rate 40] [--crash-after 0]

The stand-in (tests/helpers_tips.py) allows 50 requests/s per tenant and 7/s per
conversation and answers 429 + Retry-After beyond that. Prints time to deliver, messages
lost (must be 0) and duplicates (must be 0 without a crash; with --crash-after the run is
cancelled after that many sends and a second run finishes the job).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bot.channels.botframework_adapter import close_adapter, create_adapter  # noqa: E402
from bot.channels.botframework_outbox import AdapterOutbox
from bot.settings import (
    DeliverySettings,  # noqa: E402
    load_settings,  # noqa: E402
)
from bot.storage.schema import subscriptions  # noqa: E402
from bot.tips.delivery import TipDelivery  # noqa: E402
from bot.tips.subscriptions import conversation_key, utcnow  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from tests.helpers_tips import (  # noqa: E402
    ConnectorStandIn,
    drop_database,
    make_adapter,
    open_database,
    teams_address,
)


async def seed(db, url: str, count: int, tenants: int) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for n in range(count):
        ref = teams_address(n, url, tenant=f"tenant-{n % tenants}", channel=n % 5 == 0)
        rows.append({"conversation_key": conversation_key(ref), "channel": "msteams",
                     "reference": ref.to_json(), "tenant_id": f"tenant-{n % tenants}",
                     "active": True, "rotation": 0, "created_at": utcnow()})
    async with db.begin() as conn:
        for start in range(0, len(rows), 1000):
            await conn.execute(insert(subscriptions), rows[start:start + 1000])


async def main(args: argparse.Namespace) -> None:
    cards = load_knowledge().cards
    connector = ConnectorStandIn(throttle=True, latency=args.latency)
    url = await connector.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(args.database, Path(tmp))
        try:
            await seed(db, url, args.subscriptions, args.tenants)
            settings = DeliverySettings(concurrency=args.concurrency, tenant_rate=args.tenant_rate,
                                        tenant_burst=args.tenant_rate / 4)

            def delivery() -> TipDelivery:
                return TipDelivery(db.engine, AdapterOutbox(adapter, ""), cards, "https://blendbot.test",
                                   settings=settings)

            # The app's adapter (bot/channels/botframework_adapter.py) reuses connector
            # clients; the SDK's own CloudAdapter builds a new client per proactive turn
            # (--plain-adapter).
            adapter = make_adapter() if args.plain_adapter else create_adapter(load_settings())
            started = time.perf_counter()
            crashed = 0
            if args.crash_after:
                task = asyncio.create_task(delivery().run())
                connector.on_accept = (
                    lambda _c: len(connector.sent) == args.crash_after and task.cancel())
                try:
                    await task
                except asyncio.CancelledError:
                    crashed = len(connector.sent)
                connector.on_accept = None
            summary = await delivery().run()
            seconds = time.perf_counter() - started
            again = await delivery().run()
        finally:
            await drop_database(db)
    if not args.plain_adapter:
        await close_adapter(adapter)
    await connector.stop()
    received = [conv for conv, _ in connector.sent]
    unique = set(received)
    print(f"database={args.database} subscriptions={args.subscriptions} tenants={args.tenants} "
          f"concurrency={args.concurrency} tenant_rate={args.tenant_rate}/s "
          f"latency={args.latency * 1000:.0f}ms")
    if crashed:
        print(f"crash: run cancelled after {crashed} accepted sends; second run resumed")
    print(f"time to deliver: {seconds:.1f} s ({len(unique) / seconds:.0f} msg/s)")
    print(f"sent (last run): {summary.sent}, failed: {summary.failed_total}, "
          f"429 answers from the stand-in: {connector.throttled}")
    print(f"messages lost: {args.subscriptions - len(unique)}")
    print(f"duplicates: {len(received) - len(unique)}")
    print(f"a third run the same week sent: {again.sent}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--tenants", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--tenant-rate", type=float, default=40.0)
    parser.add_argument("--latency", type=float, default=0.02, help="stand-in latency (s)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--crash-after", type=int, default=0)
    parser.add_argument("--plain-adapter", action="store_true")
    asyncio.run(main(parser.parse_args()))
