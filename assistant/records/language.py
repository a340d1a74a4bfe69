"""Which language a record is written in: script ratios, then stopword counts (no dependencies)."""
from __future__ import annotations

import re

STOPWORDS = {
    "en": {"the", "of", "and", "to", "that", "was", "had", "said", "with", "which", "were", "would", "its", "for"},
    "fr": {"le", "les", "des", "du", "et", "est", "une", "dans", "qui", "sur", "pour", "au", "aux", "été", "il"},
    "es": {"el", "los", "las", "del", "y", "una", "por", "con", "para", "su", "sus", "ha", "se", "lo"},
}
SCRIPTS = [("ru", re.compile(r"[\u0400-\u04ff]")), ("ar", re.compile(r"[\u0600-\u06ff]")),
           ("zh", re.compile(r"[\u4e00-\u9fff]"))]
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "zh": "Chinese"}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the record's language; "en" when the text gives no clear sign."""
    sample = text[:20000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    for code, script in SCRIPTS:
        if len(script.findall(sample)) > 0.3 * letters:
            return code
    words = re.findall(r"[a-zà-ÿ]+", sample.lower())
    scores = {code: sum(w in stop for w in words) for code, stop in STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] > 1.2 * scores["en"] else "en"
