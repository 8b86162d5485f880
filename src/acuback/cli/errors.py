"""One error path for the CLI: a domain error becomes one line on stderr and exit code 2."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import click

from acuback.knowledge.errors import KnowledgeError

USAGE_EXIT = 2


class CliError(click.ClickException):
    """A failure the user can act on. Printed as ``error: <message>``; exit code 2."""

    exit_code = USAGE_EXIT

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def domain_errors[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Turn the core's and the knowledge base's exceptions into a :class:`CliError`."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KnowledgeError as exc:
            raise CliError(str(exc)) from exc

    return wrapper


def write_output(path: str, data: bytes) -> None:
    """Write a file the user asked for, or fail with a sentence (not a traceback)."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CliError(f"cannot write {path}: {reason}") from exc
