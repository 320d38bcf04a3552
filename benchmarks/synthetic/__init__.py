"""The synthetic directory `make bench` and `make loadtest` both run on, and the searches they send.

- `searches`: the benchmarked searches as GET parameters (no Django needed to import it);
- `words` and `generator`: deterministic specs of N services from a seed (no database);
- `writer.build_directory`: writes them as live pages in bulk, then indexes them with the real
  `search.indexing.rebuild` (so every search document comes from `search.documents.build_record`).
"""

from .generator import SEED, DirectoryGenerator
from .searches import QUERY_NAMES, scenarios
from .writer import build_directory

__all__ = ["QUERY_NAMES", "SEED", "DirectoryGenerator", "build_directory", "scenarios"]
