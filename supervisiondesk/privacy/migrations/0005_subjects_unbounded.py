"""An access log entry names as many subjects as the record has: a group
session of sixty outgrew 400 characters. SQLite changes a column's type by
copying the table, which drops its triggers: the append-only trigger of
0002 is made again."""

from importlib import import_module

from django.db import migrations, models

_append_only = import_module("supervisiondesk.privacy.migrations.0002_append_only_triggers")


def sqlite_trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _append_only.SQLITE_REVERSE + _append_only.SQLITE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_api_call_event")]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="subjects",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(sqlite_trigger_again, migrations.RunPython.noop),
    ]
