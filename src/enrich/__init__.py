"""enrich: resolve a curated Markdown paper list to verified DOIs, code links and BibTeX."""

__version__ = "0.1.0"
