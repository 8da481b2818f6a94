"""Runs inside a rendered project (``bench_service``): fills the outbox with a backlog, then
times the relay draining it to the broker named by BROKER_URL. Prints events per second."""

import argparse
import asyncio
import os
import time
from decimal import Decimal
from uuid import uuid4

from bench_service.domain.items import ItemCreated
from bench_service.infrastructure.clock import utc_now
from bench_service.infrastructure.database.backend import LOCKING_READ_ISOLATION_LEVEL
from bench_service.infrastructure.database.engine import create_engine, create_session_factory
from bench_service.infrastructure.database.migrations import upgrade_to_head
from bench_service.infrastructure.messaging.broker import BrokerPublisher, Topology
from bench_service.infrastructure.messaging.outbox import add_to_outbox, count_pending
from bench_service.infrastructure.messaging.relay import OutboxRelay


async def fill(session_factory, events: int) -> None:  # type: ignore[no-untyped-def]
    for start in range(0, events, 1000):
        async with session_factory() as session:
            await add_to_outbox(
                session,
                [
                    ItemCreated(aggregate_id=uuid4(), name=f"Item {n}", price=Decimal("1.00"))
                    for n in range(start, min(start + 1000, events))
                ],
            )
            await session.commit()


async def drop(url: str, topology: Topology) -> None:
    if url.startswith("redis"):
        from redis.asyncio import Redis

        redis = Redis.from_url(url)
        await redis.delete(topology.stream)
        await redis.aclose()
    elif url.startswith("amqp"):
        import aio_pika

        connection = await aio_pika.connect(url)
        channel = await connection.channel()
        await channel.queue_delete(topology.queue)
        await channel.exchange_delete(topology.exchange)
        await connection.close()
    elif url.startswith("kafka"):
        from aiokafka.admin import AIOKafkaAdminClient
        from bench_service.infrastructure.messaging.broker import bootstrap_servers

        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers(url))
        await admin.start()
        await admin.delete_topics([topology.topic])
        await admin.close()
    else:
        import nats

        client = await nats.connect(url)
        await client.jetstream().delete_stream(topology.stream)
        await client.close()


async def main(events: int, batch_size: int) -> None:
    database_url, broker_url = os.environ["DATABASE_URL"], os.environ["BROKER_URL"]
    await asyncio.to_thread(upgrade_to_head, database_url)
    engine = create_engine(database_url)
    await fill(create_session_factory(engine), events)
    topology = Topology(f"bench-{uuid4().hex[:12]}")
    if broker_url.startswith("kafka"):
        from bench_service.infrastructure.messaging.broker import KafkaOptions

        # Tansu lacks the InitProducerId version of aiokafka's idempotent producer.
        publisher = BrokerPublisher(broker_url, topology, KafkaOptions(enable_idempotence=False))
    else:
        publisher = BrokerPublisher(broker_url, topology)
    relay = OutboxRelay(
        engine,
        publisher,
        clock=utc_now,
        batch_size=batch_size,
        isolation_level=LOCKING_READ_ISOLATION_LEVEL,
    )
    await publisher.publish([])  # connect and declare before the clock starts
    try:
        started = time.perf_counter()
        relayed = 0
        while batch := await relay.relay_batch():
            relayed += batch
        elapsed = time.perf_counter() - started
        async with engine.connect() as connection:
            assert await count_pending(connection) == 0
    finally:
        await publisher.aclose()
        await drop(broker_url, topology)
        await engine.dispose()
    print(
        f"{relayed} events in {elapsed:.2f} s: {relayed / elapsed:,.0f} events/s (batch {batch_size})"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.batch_size))
