"""Authentication adapters: access tokens, password hashing, identity providers."""
