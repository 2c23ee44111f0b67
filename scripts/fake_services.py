"""Serve the loopback fakes (Crossref, DataCite, GitHub) on 127.0.0.1 with the reconstructed corpus.

    python scripts/fake_services.py            # prints the ENRICH_*_URL exports, serves until Ctrl-C
    eval "$(python scripts/fake_services.py --print-env-only &)"   # not needed: copy the printed lines

Try the live command against them: export the printed variables, then `make enrich` or
`python -m enrich run --catalogue ... --bib ... --report ...` with ENRICH_CACHE_DIR pointing at an empty folder.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes import FakeServices, load_corpus  # noqa: E402

CORPUS = ROOT / "tests" / "fakes" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    args = parser.parse_args(argv)
    with FakeServices(load_corpus(args.corpus), latency=args.latency, github_options={"rolling": True}) as services:
        for name, url in sorted(services.env.items()):
            print(f"export {name}={url}", flush=True)
        print("# serving; Ctrl-C to stop", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
