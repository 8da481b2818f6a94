"""Use cases (services) and the ports they need. No framework or driver imports here."""
