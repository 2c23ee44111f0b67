"""Re-record the bundled cache (`cache/`) by running the pipeline live against the loopback fakes.

The fakes serve `tests/fakes/corpus/`, reconstructed from public metadata, so every cache file this writes
carries "reconstructed": true and a live run treats it as a miss. `make demo-cache` runs this.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from enrich.atomic import stable_json, write_text_atomic  # noqa: E402
from tests.fakes import FakeServices, load_corpus  # noqa: E402

CORPUS = ROOT / "tests" / "fakes" / "corpus"
CATALOGUE = ROOT / "catalogue" / "README.md"


def mark_reconstructed(path: Path) -> None:
    """Every answer here came from the fakes, empty ones included: a live run must ask the real service again."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    if entry.get("reconstructed") is not True:
        entry["reconstructed"] = True
        write_text_atomic(path, stable_json(entry))


def main() -> int:
    from enrich.pipeline import RunOptions, run

    cache_dir = ROOT / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    with FakeServices(load_corpus(CORPUS), github_options={"rolling": True}) as services, \
            tempfile.TemporaryDirectory() as scratch:
        os.environ.update(services.env)
        os.environ["ENRICH_CACHE_DIR"] = str(cache_dir)
        os.environ.setdefault("ENRICH_MAILTO", "enrich-demo@example.org")
        os.environ.pop("GITHUB_TOKEN", None)
        catalogue = Path(scratch) / "README.md"
        shutil.copyfile(CATALOGUE, catalogue)
        overrides = CATALOGUE.with_name("overrides.toml")
        if overrides.exists():
            shutil.copyfile(overrides, catalogue.with_name("overrides.toml"))
        options = RunOptions(catalogue=catalogue, bib=Path(scratch) / "references.bib",
                             report=Path(scratch) / "report.json", workers=3, dry_run=True)
        # a second pass finishes what GitHub's search quota deferred, from the cache, as the next live run would
        outcome = run(options)
        outcome = run(options)
    files = sorted(path for path in cache_dir.rglob("*.json"))
    for path in files:
        mark_reconstructed(path)
    print(f"recorded {len(files)} cache files in {cache_dir} "
          f"({sum(len(edits) for edits in [outcome.result.edits])} cells would be edited)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
