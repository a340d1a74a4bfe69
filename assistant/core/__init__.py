"""Foundations every layer may use: the error root, the settings model, text helpers and the domain glossary
(acronyms, GCM objectives, countries). Imports nothing else from the package."""
