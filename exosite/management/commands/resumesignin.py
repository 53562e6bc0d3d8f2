from django.core.management.base import BaseCommand

from exosite.web.security import LoginThrottle


class Command(BaseCommand):
    help = (
        "Let an account sign in again at once after failed attempts paused it (anyone who "
        "knows a username can pause it for LOGIN_FAILURE_WINDOW seconds), and optionally a "
        "client address too."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--address", help="Also clear this client address's failures.")

    def handle(self, *args, username: str, address: str | None, **options):
        cleared = LoginThrottle(username, address).clear()
        self.stdout.write(
            f"Signing in is open again for '{username}'"
            + (f" and from {address}" if address else "")
            + (" (it was not paused)." if not cleared else ".")
        )
