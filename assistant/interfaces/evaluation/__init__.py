"""`assistant eval`: question sets run through the assistant and a naive baseline, scored and tabled. The question
files stay in eval/ at the repository root."""
