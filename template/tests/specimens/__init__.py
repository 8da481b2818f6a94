"""Specimen: an aggregate of the tests' own, for the tests of the infrastructure.

The unit of work, the outbox, the relay, retries, error translation, metrics and the real
process all need an aggregate to store, change, race and publish. They use this one rather
than the service's own, so that they hold for a service with any aggregates, or none yet.
It is built as a service's aggregates are, one module per layer, and registered the same
way (its repository's ``key``); only its table lives outside the migrations, on a metadata
of its own that the tests' database fixture creates after migrating.
"""
