"""Stage 3, questions into hits: question understanding (answer type, entities, filters, expansions) and the fused,
filtered retrieval over the index.

May import: core, records, index."""
