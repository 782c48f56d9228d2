"""Editions: immutable builds of a tag, their publication into the site, and redlines between revisions."""
