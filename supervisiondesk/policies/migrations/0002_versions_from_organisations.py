"""Each organisation's preset id (the old `Organisation.policy`) becomes its
first policy version, in force from the day the organisation was created
(and, as the first version, on the days before)."""

from zoneinfo import ZoneInfo

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("people", "Organisation")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for organisation in Organisation.objects.all():
        PolicyVersion.objects.get_or_create(
            organisation=organisation,
            effective_from=organisation.created_at.astimezone(
                ZoneInfo(organisation.time_zone)
            ).date(),
            defaults={"preset": organisation.policy or "southwark-2021"},
        )


def backwards(apps, schema_editor):
    Organisation = apps.get_model("people", "Organisation")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for organisation in Organisation.objects.all():
        first = PolicyVersion.objects.filter(organisation=organisation, preset__gt="").first()
        organisation.policy = first.preset if first else "southwark-2021"
        organisation.save(update_fields=["policy"])


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial"), ("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
