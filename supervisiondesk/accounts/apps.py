from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Administrators configure the structure and the accounts, and may not read
# supervision records: their group gets the admin permissions of these apps
# only. A new configuration app adds its label here.
ADMINISTRATOR_APPS = ("people", "auth")


def grant_administrator_permissions(sender, using: str = "default", **kwargs) -> None:
    """Every role's group exists (also after a test database is flushed, which
    empties what the groups migration wrote), and the administrator's has
    its configuration permissions."""
    from django.contrib.auth.models import Group, Permission

    from supervisiondesk.accounts.roles import Role

    for name in Role.values:
        Group.objects.using(using).get_or_create(name=name)
    group = Group.objects.using(using).filter(name="administrator").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label__in=ADMINISTRATOR_APPS)
        )


class AccountsConfig(AppConfig):
    name = "supervisiondesk.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Sent once per app: permissions of apps migrated later exist by the last one.
        post_migrate.connect(
            grant_administrator_permissions, dispatch_uid="grant_administrator_permissions"
        )
