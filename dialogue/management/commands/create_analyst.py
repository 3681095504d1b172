"""Create a user in the analysts (or readers) group and print their API token."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from dialogue.roles import ANALYSTS, READERS


class Command(BaseCommand):
    help = (
        "Create a user in the `analysts` group (admin access, may add, change and delete "
        "records) or, with --reader, in the `readers` group (view only), and print their API "
        "token. Set a password for the admin with `manage.py changepassword USERNAME`."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The user's email address.")
        parser.add_argument(
            "--reader", action="store_true", help="Make a reader (view only), not an analyst."
        )

    @transaction.atomic
    def handle(self, *args, username: str, email: str, reader: bool, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} exists already.")
        group = Group.objects.filter(name=READERS if reader else ANALYSTS).first()
        if group is None:
            raise CommandError("The role groups are missing: run `manage.py migrate` first.")
        user = User(username=username, email=email, is_staff=not reader)
        user.set_unusable_password()
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(m)}" for field, m in error.message_dict.items()
            )
            raise CommandError(f"Cannot create {username!r}: {problems}") from error
        user.save()
        user.groups.add(group)
        token = Token.objects.create(user=user)
        self.stdout.write(f"Created {group.name[:-1]} {username}.")
        self.stdout.write(f"API token: {token.key}")
        if not reader:
            self.stdout.write(f"Admin password: run `python manage.py changepassword {username}`.")
