"""Stage 2, records into the index: the Chroma store (the only chromadb importer), the embedding backends, ingest
and reconciliation, and the in-memory corpus (BM25, term statistics) with its snapshot.

May import: core, records."""
