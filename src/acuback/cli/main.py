"""The ``acuback`` command: a thin face on the core, grouped by concern in ``--help``."""

from __future__ import annotations

import click

from acuback import __version__
from acuback.cli.assess import assess_command, schema_group
from acuback.cli.demo import demo_command
from acuback.cli.outcomes import outcomes_group
from acuback.cli.points import points_group
from acuback.cli.protocols import protocols_command
from acuback.cli.report import report_group
from acuback.cli.serve import serve_command

# Sections of `acuback --help`, in order. A command not listed lands under "Other".
SECTIONS: dict[str, tuple[str, ...]] = {
    "Atlas and charts": ("points",),
    "Assessment": ("assess", "schema", "protocols"),
    "Clinic": ("serve", "demo", "outcomes", "report"),
}


class SectionedGroup(click.Group):
    """A click group whose help lists commands under headings instead of one flat list."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        order = [name for names in SECTIONS.values() for name in names]
        known = [name for name in order if name in self.commands]
        return known + sorted(set(self.commands) - set(known))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed: set[str] = set()
        for title, names in [*SECTIONS.items(), ("Other", tuple(sorted(self.commands)))]:
            rows = []
            for name in names:
                command = self.commands.get(name)
                if command is None or command.hidden or name in listed:
                    continue
                listed.add(name)
                rows.append((name, command.get_short_help_str(limit=70)))
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


@click.group(cls=SectionedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="acuback")
def cli() -> None:
    """Acuback: decision support for acupuncture care of back pain.

    From the pre-visit questionnaire to the last follow-up: triage with reasons, classification,
    TCM pattern differentiation, point prescriptions screened for safety, and an acupoint atlas
    with body charts.

    Acuback supports a trained practitioner; it does not make a diagnosis. Anything it flags for
    a physician should be seen by one.

    \b
    Examples:
      acuback points show bl40
      acuback points search "wei zhong"
      acuback points chart BL23 BL40 GV4 --out chart.png
    """


for command in (
    points_group,
    assess_command,
    schema_group,
    protocols_command,
    serve_command,
    demo_command,
    outcomes_group,
    report_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="acuback")
