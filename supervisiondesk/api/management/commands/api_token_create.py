"""Make a personal access token for a login (a service account for an
integration) from the command line; prints the token once."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervisiondesk.api.models import Scope
from supervisiondesk.api.services import token_create
from supervisiondesk.supervision.services.common import NotAllowed


class Command(BaseCommand):
    help = "Make an API token for a login and print it once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument(
            "--scopes", default="read", help=f"Comma-separated: {', '.join(Scope.values)}."
        )
        parser.add_argument("--expires", help="Last day it works (YYYY-MM-DD); 90 days if absent.")

    def handle(self, *args, username: str, name: str, scopes: str, expires: str | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login named {username!r}.")
        try:
            expires_on = (
                date.fromisoformat(expires)
                if expires
                else timezone.localdate() + timedelta(days=90)
            )
        except ValueError as error:
            raise CommandError(f"--expires {expires!r} is not a date (YYYY-MM-DD).") from error
        try:
            token, secret = token_create(
                user=user,
                name=name,
                scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                expires_on=expires_on,
                by=user,
            )
        except (NotAllowed, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Token #{token.pk} for {username}, until {expires_on}: {secret}")
