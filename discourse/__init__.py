"""discourse: how news about Russia–China cooperation is received — parse, classify, compare."""

import logging

from discourse.config import Settings, load_settings
from discourse.errors import DiscourseError
from discourse.types import Comment, Page, Quote

__all__ = ["Comment", "DiscourseError", "Page", "Quote", "Settings", "load_settings"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
