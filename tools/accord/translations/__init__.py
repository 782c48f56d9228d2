"""Translations: ``<id>.<lang>.md`` beside a document, kept in step with it.

``model`` names and languages (which files are translations, their tags, direction, names);
``history`` the git questions (is ``translated_from`` a commit of the source, is it outdated).
The rules are ``accord.checks.translations``; the pages ``accord.sphinxext.translations``.
"""
