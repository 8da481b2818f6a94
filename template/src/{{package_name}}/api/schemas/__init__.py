"""Request and response bodies: one module per aggregate, and what they share."""
