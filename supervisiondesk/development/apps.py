from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _presets(sender, using: str = "default", **kwargs) -> None:
    """The preset frameworks exist after every migrate (and after a test
    database is flushed, which empties what a data migration wrote)."""
    from supervisiondesk.development.services import presets_ensure

    presets_ensure(using=using)


class DevelopmentConfig(AppConfig):
    name = "supervisiondesk.development"
    verbose_name = _("Professional development")

    def ready(self) -> None:
        post_migrate.connect(_presets, sender=self, dispatch_uid="development_presets")
