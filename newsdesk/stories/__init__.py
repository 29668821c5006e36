"""Stories: near-duplicates, online story clustering, and what each article adds (developments).

Public surface:

- :class:`StoryTracker` (``assign(article) -> Assignment``): online, in memory, no database;
  :class:`TrackerParams` its knobs.
- :class:`StoryDesk`: a tracker kept in step with a :class:`~newsdesk.store.Store`; ``add``
  assigns a stored article and commits the assignment, ``rebuild`` re-clusters the whole store.
- The records :class:`Assignment`, :class:`Development`, :class:`Story`, :class:`StoryPlace`,
  :class:`StoryArticle`.

See ``docs/stories.md``.
"""

from __future__ import annotations

from .records import Assignment, Development, Story, StoryArticle, StoryPlace
from .service import StoryDesk, assign_line
from .tracker import StoryTracker, TrackerParams, story_id_for

__all__ = ["Assignment", "Development", "Story", "StoryArticle", "StoryDesk", "StoryPlace", "StoryTracker",
           "TrackerParams", "assign_line", "story_id_for"]
