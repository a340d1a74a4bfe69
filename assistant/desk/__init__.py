"""Stage 5, the delegate and trainer tools built on the facade: the speaker directory and who said what, cited
briefing notes, quizzes and their exports.

May import: core, records, index, search, answer, and the facade (assistant.assistant)."""
