"""pre-commit entry points (see .pre-commit-hooks.yaml).

`enrich-check` is the plain `enrich check` command. The live audit, `enrich-audit-hook`, is `enrich audit` made
fit for a commit hook: an unreachable service (exit 3) is a warning, not a blocked commit; the report goes to a
temporary folder unless `--report` is given; answers are cached in the user's cache folder
(`$XDG_CACHE_HOME/enrich`, else `~/.cache/enrich`) unless `ENRICH_CACHE_DIR` says where. So neither `build/` nor
`cache/` is left behind in the repository unless configured.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from enrich.cli import EXIT_OK, EXIT_UNVERIFIABLE, main


def user_cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "enrich"


def audit_hook(argv: list[str] | None = None) -> int:
    """`enrich audit` with exit 3 as a warning, the report in a temporary folder, the cache outside the repo."""
    args = list(sys.argv[1:] if argv is None else argv)
    configured = os.environ.get("ENRICH_CACHE_DIR")
    os.environ["ENRICH_CACHE_DIR"] = configured or str(user_cache_dir())
    try:
        with tempfile.TemporaryDirectory(prefix="enrich-audit-") as scratch:
            if "--report" not in args:
                args += ["--report", str(Path(scratch) / "audit.json")]
            code = main(["audit", *args])
    finally:
        if configured is None:
            del os.environ["ENRICH_CACHE_DIR"]
    if code == EXIT_UNVERIFIABLE:
        print("enrich: warning: some links could not be verified (a service unreachable); the commit goes on",
              file=sys.stderr)
        return EXIT_OK
    return code
