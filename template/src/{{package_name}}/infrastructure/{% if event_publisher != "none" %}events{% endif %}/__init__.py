"""Event publishers."""
