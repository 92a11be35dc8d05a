"""The database itself refuses to change an access log entry (and, on
PostgreSQL, to delete one), so append-only holds even outside the app's
models. SQLite keeps its DELETE open: the test runner empties tables with
DELETE there, while PostgreSQL's uses TRUNCATE, which row triggers do not
see."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER privacy_access_log_no_update BEFORE UPDATE ON privacy_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS privacy_access_log_no_update;"]
POSTGRES = [
    """CREATE FUNCTION privacy_access_log_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the access log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER privacy_access_log_no_change BEFORE UPDATE OR DELETE
    ON privacy_accesslogentry FOR EACH ROW EXECUTE FUNCTION privacy_access_log_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS privacy_access_log_no_change ON privacy_accesslogentry;",
    "DROP FUNCTION IF EXISTS privacy_access_log_append_only();",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
