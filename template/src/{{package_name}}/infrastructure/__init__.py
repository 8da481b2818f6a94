"""Adapters that implement the application's ports: database, events, retry, clock."""
