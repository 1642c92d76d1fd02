"""WSGI entry point that imports settings first, as Django-style backends do.

Importing studio_settings raises KeyError when DATABASE_URL is unset; the import lines carry no
trailing comments because they appear verbatim in the captured tracebacks.
"""

import studio_settings
from studio_backend import application

__all__ = ['application', 'studio_settings']
