"""HTTP adapter: the app factory and composition root, routers, schemas, error handlers."""
