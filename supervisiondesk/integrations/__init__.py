"""Links to case management systems. `primero/` is pure Python (no Django:
the client, the fake server and the record mapping); the Django app around
it keeps the connection, the mapping table and the sync's state."""
