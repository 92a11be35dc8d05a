"""Connections to other systems (pure Python: no Django, so they run and
are tested without settings or a database)."""
