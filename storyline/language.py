"""Language of an article text (readers that do not know it leave it to this)."""
from __future__ import annotations


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("en" when too short to tell)."""
    sample = text[:3000]
    if len(sample.split()) < 8:
        return "en"
    from langdetect import DetectorFactory, LangDetectException, detect
    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        return detect(sample)
    except LangDetectException:
        return "en"
