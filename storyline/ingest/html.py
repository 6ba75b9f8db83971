"""HTML articles (placeholder until the HTML reader lands)."""
from storyline.errors import InputError


def read_html_file(path, options):
    """Not yet implemented."""
    raise InputError(str(path), "HTML reading is not implemented yet")
