"""The one error a tool raises when it cannot go on, and how each command line turns it into an exit.

Library functions in ``tools/`` raise :class:`ToolError` with a message that says what was wrong and
what to do, so that callers (other tools, tests) can catch it like any other exception. Only a
``main()`` exits: decorated with :func:`exits_on_tool_error`, it prints the message on stderr and
returns 1, which ``raise SystemExit(main())`` turns into the exit code: on the command line, the same
message and exit code as ``raise SystemExit(message)``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable


class ToolError(Exception):
    """A tool cannot go on; the message says why and what to do."""


def exits_on_tool_error(main: Callable[..., int]) -> Callable[..., int]:
    """``main`` that prints a :class:`ToolError`'s message on stderr and returns 1 instead of raising it."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs) -> int:
        try:
            return main(*args, **kwargs)
        except ToolError as error:
            print(error, file=sys.stderr)
            return 1

    return wrapper
