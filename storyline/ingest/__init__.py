"""Readers that turn files, URLs, feeds and exports into Article records."""
