from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Administrators configure the structure and the accounts, and may not read
# supervision records: their group gets the admin permissions of these apps
# only. A new configuration app adds its label here. "axes": unlocking an
# account (deleting its access attempts). Not all of "auth": changing a
# role's group permissions would let an administrator give themselves any
# permission (supervision records in the admin), so logins only.
ADMINISTRATOR_APPS = ("people", "axes")
# Resetting someone's two-factor sign-in (a lost phone): see and remove
# devices, never add one (that would be signing in as them).
ADMINISTRATOR_PERMISSIONS = (
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    # How long records are kept (privacy.RetentionRule) is configuration.
    ("privacy", "view_retentionrule"),
    ("privacy", "add_retentionrule"),
    ("privacy", "change_retentionrule"),
    ("privacy", "delete_retentionrule"),
    # An organisation's own competency framework (development.Framework and
    # its areas) is configuration; the assessments against it are not.
    ("development", "view_framework"),
    ("development", "add_framework"),
    ("development", "change_framework"),
    ("development", "delete_framework"),
    ("development", "view_frameworkarea"),
    ("development", "add_frameworkarea"),
    ("development", "change_frameworkarea"),
    ("development", "delete_frameworkarea"),
    # Seeing and revoking anyone's API token in the organisation (a leaked
    # token, a departed integrator); never making one (that is acting as them).
    ("api", "view_apitoken"),
    ("api", "change_apitoken"),
    # The Primero connection and its mapping table are configuration; the
    # sync's failures and matches are for reading (a failure may be dropped).
    ("integrations", "view_primeroconnection"),
    ("integrations", "add_primeroconnection"),
    ("integrations", "change_primeroconnection"),
    ("integrations", "view_primerovaluemap"),
    ("integrations", "add_primerovaluemap"),
    ("integrations", "change_primerovaluemap"),
    ("integrations", "delete_primerovaluemap"),
    ("integrations", "view_primerofailure"),
    ("integrations", "delete_primerofailure"),
    ("integrations", "view_primeroworker"),
    ("otp_totp", "view_totpdevice"),
    ("otp_totp", "delete_totpdevice"),
    ("otp_static", "view_staticdevice"),
    ("otp_static", "delete_staticdevice"),
)


def grant_administrator_permissions(sender, using: str = "default", **kwargs) -> None:
    """Every role's group exists (also after a test database is flushed, which
    empties what the groups migration wrote), and the administrator's has
    its configuration permissions."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from supervisiondesk.accounts.roles import Role

    for name in Role.values:
        Group.objects.using(using).get_or_create(name=name)
    group = Group.objects.using(using).filter(name="administrator").first()
    if group is not None:
        permissions = Permission.objects.using(using)
        # Exactly these (set, not add): a permission taken off this list is
        # taken off the group at the next migrate.
        wanted = Q(content_type__app_label__in=ADMINISTRATOR_APPS)
        for app_label, codename in ADMINISTRATOR_PERMISSIONS:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(permissions.filter(wanted))


class AccountsConfig(AppConfig):
    name = "supervisiondesk.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from supervisiondesk.accounts import signals, two_factor

        # Every sign-in and failed sign-in goes to the access log.
        user_logged_in.connect(signals.on_user_logged_in, dispatch_uid="access_log_sign_in")
        user_login_failed.connect(
            signals.on_user_login_failed, dispatch_uid="access_log_sign_in_failed"
        )
        user_logged_in.connect(
            two_factor.no_second_factor_remember, dispatch_uid="no_second_factor_remember"
        )
        # Sent once per app: permissions of apps migrated later exist by the last one.
        post_migrate.connect(
            grant_administrator_permissions, dispatch_uid="grant_administrator_permissions"
        )
