"""Seed N items into a migrated database through the rendered service's own domain and mapping.

Run inside the rendered project: ``uv run python seed.py <package> <count> [<module> <class>]``
(DATABASE_URL set); ``notes Note`` seeds the generated aggregate of Item's shape instead.
Prints the ids, one a line, for the load generator.
"""

import asyncio
import importlib
import os
import sys
from datetime import UTC, datetime
from decimal import Decimal


async def seed(package: str, count: int, module: str = "items", name: str = "Item") -> list[str]:
    engine_module = importlib.import_module(f"{package}.infrastructure.database.engine")
    aggregate = getattr(importlib.import_module(f"{package}.domain.{module}"), name)
    engine = engine_module.create_engine(os.environ["DATABASE_URL"])
    session_factory = engine_module.create_session_factory(engine)
    ids = []
    now = datetime.now(UTC)
    for start in range(0, count, 1000):
        async with session_factory() as session:
            for number in range(start, min(start + 1000, count)):
                item = aggregate.create(
                    name=f"seed {module} {number}",
                    description="seeded for the benchmark",
                    price=Decimal("9.99"),
                    now=now,
                )
                session.add(item)
                ids.append(str(item.id))
            await session.commit()
    await engine.dispose()
    return ids


if __name__ == "__main__":
    print("\n".join(asyncio.run(seed(sys.argv[1], int(sys.argv[2]), *sys.argv[3:5]))))
