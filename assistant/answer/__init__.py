"""Stage 4, hits into answers: the answer contract (Answer, Citation), the extractive composer and record facts,
conversations, optional LLM backends, their prompts and citation checks.

May import: core, records, index, search."""
