"""Getting pages in: local files, folders, stdin and URLs, read safely and decoded.

Public surface: :func:`expand_inputs`, :func:`load`.
"""

from .read import expand_inputs, load

__all__ = ["expand_inputs", "load"]
