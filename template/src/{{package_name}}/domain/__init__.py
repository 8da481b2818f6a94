"""Entities, domain events and domain errors. Pure Python: no framework imports here."""
