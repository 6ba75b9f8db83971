"""The project's own errors: every failure a user can cause is one of these, with a message naming the input."""


class StorylineError(Exception):
    """Base of every error Storyline raises on purpose."""


class InputError(StorylineError):
    """An input (file, URL, feed, export row) could not be read; the message names it and says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(InputError):
    """A URL could not be fetched (refused address, HTTP error, time-out, wrong type, too large)."""


class StoreError(StorylineError):
    """The store could not be read or written."""
