"""``acuback serve``: migrate, create the demo clinic on first run, and serve with gunicorn."""

from __future__ import annotations

import os
from typing import Any

import click

from acuback.cli.errors import CliError, domain_errors


def setup_django() -> None:
    """Configure Django for a command. Kept out of module import so core commands never load it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acuback.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CliError(f"configuration: {exc}") from exc


def prepare_database(with_demo: bool) -> None:
    from django.core.management import call_command
    from django.db.utils import OperationalError

    from acuback.web.clinics.demo import create_demo_clinic, demo_exists, fill_demo_day

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise CliError(f"cannot reach the database: {exc}".strip()) from exc
    call_command("collectstatic", interactive=False, verbosity=0)
    if with_demo and not demo_exists():
        logins = create_demo_clinic()
        click.secho("Created the demo clinic. Sign in as:", bold=True)
        for login in logins:
            click.echo(f"  {login.role:<14} user {login.username:<14} password {login.password}")
    elif with_demo:
        click.echo(
            "Demo clinic present (users admin, practitioner, frontdesk, patient; password acuback-demo)."
        )
    if with_demo:
        fill_demo_day()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker.",
)
@click.option(
    "--demo/--no-demo", default=True, show_default=True, help="Create the demo clinic on first run."
)
@domain_errors  # a broken data file: one line and exit 2, before the server starts
def serve_command(host: str, port: int, workers: int, threads: int, demo: bool) -> None:
    """Run the clinic web app (production server, static files included).

    Uses SQLite under ./var unless DATABASE_URL names another database (e.g. PostgreSQL).
    Reads and checks the data files and the templates before it serves: a broken data file
    stops it with a one-line error (exit code 2).
    """
    setup_django()
    prepare_database(with_demo=demo)
    from gunicorn.app.base import BaseApplication

    from acuback.web.wsgi import application  # loads and checks the knowledge base (preload)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": "-",
                "errorlog": "-",
                "timeout": 60,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    click.secho(
        f"Acuback is running at http://{host}:{port}/  (Ctrl+C to stop)", fg="green", bold=True
    )
    Server().run()
