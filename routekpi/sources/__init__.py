"""History from files or a database (see docs/sources.md)."""
