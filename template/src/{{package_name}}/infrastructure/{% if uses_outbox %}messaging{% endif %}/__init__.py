"""Events that are never lost: the transactional outbox, its relay, the broker and the inbox."""
