"""Regular expressions compiled when first used, not when their module is imported.

The parsers hold a few hundred patterns; compiling them all costs about a tenth of a second, which a process would
pay at start-up before it could answer anything (the console's first answer, a webhook's first reply). Most turns
use a handful of them, and a command like ``/start`` none; so each pattern is compiled the first time it is used,
and from then on is the compiled pattern's own methods, at no cost per call.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What callers use of a compiled pattern: bound once it is compiled, so later calls skip ``__getattr__``.
_METHODS = ("search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "scanner",
            "groupindex", "groups", "flags")


class _LazyPattern:
    """Stands in for ``re.compile(pattern, flags)`` until first used; ``.pattern`` is known without compiling,
    so patterns built from other patterns' source stay lazy."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile`` deferred to the pattern's first use (see the module's docstring)."""
    return cast(re.Pattern[str], _LazyPattern(pattern, int(flags)))
