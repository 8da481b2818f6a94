"""SQLAlchemy adapters: tables and mapping, engine, repositories, unit of work, health."""
