import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exosite.editorial.groups import EDITORS_GROUP


class Command(BaseCommand):
    help = (
        "Create an editor: a staff account in the Editors group, who can edit content in the "
        "admin but is not a superuser. Asks for the password unless --password-from-env is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable (for scripts).",
        )

    def handle(self, *args, username: str, email: str, password_from_env: str | None, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"A user called '{username}' already exists.")
        try:
            group = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group is missing: run `manage.py migrate` first."
            ) from None

        if password_from_env:
            password = os.environ.get(password_from_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_from_env} is empty.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        user = user_model(username=username, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            message = "The password is not strong enough: " + " ".join(error.messages)
            raise CommandError(message) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(f"Created editor '{username}'. They can log in at /admin/.")
