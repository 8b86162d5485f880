"""Turning source the engine wrote itself into a function (the condition, red-flag and scoring
programs).

The source is ours: names, model field names and our own integers only; every value from a data
file reaches it through ``constants``, never as text. The function's ``__doc__`` holds the source,
for whoever debugs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def define_function(
    name: str, parameters: str, lines: Sequence[str], constants: Mapping[str, Any], label: str
) -> Callable[..., Any]:
    """``def name(parameters):`` with ``lines`` as its body, the names in ``constants`` in scope.

    ``label`` names the code in tracebacks (``<acuback label>``). Returns the function.
    """
    body = "".join(f"    {line}\n" for line in lines)
    source = f"def {name}({parameters}):\n{body}"
    namespace = dict(constants)
    exec(compile(source, f"<acuback {label}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    function.__doc__ = source
    return function
