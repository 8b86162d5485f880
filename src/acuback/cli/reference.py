"""Write the CLI reference (docs/cli.md) from the commands' own help: ``python -m acuback.cli.reference``.

A test regenerates it and fails when docs/cli.md is out of date, so the reference cannot drift.
"""

from __future__ import annotations

import click

from acuback.cli.main import cli

Chain = list[tuple[str, click.Command]]


def _walk(chain: Chain) -> list[Chain]:
    """Every command under the last of ``chain``, each as its chain of (name, command) from the top."""
    found = [chain]
    name, command = chain[-1]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=name)
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is not None and not sub.hidden:
                found += _walk([*chain, (sub_name, sub)])
    return found


def reference() -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands' own `--help` by `python -m acuback.cli.reference > docs/cli.md`;",
        "a test fails when this file is out of date. Every failure prints one `error:` line and exits 2.",
        "",
    ]
    for chain in _walk([("acuback", cli)]):
        # A fixed width keeps the file the same on every machine.
        ctx: click.Context | None = None
        for name, command in chain:
            ctx = click.Context(
                command, info_name=name, parent=ctx, terminal_width=80, max_content_width=80
            )
        assert ctx is not None
        title = " ".join(name for name, _ in chain)
        lines += [f"## `{title}`", "", "```text", ctx.command.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
