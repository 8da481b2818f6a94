import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def database_is_reachable(engine: AsyncEngine, *, within_seconds: float) -> bool:
    """True when the database answers a trivial query within the given time."""
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # whatever failed, the answer is "not ready"
        return False
    return True
