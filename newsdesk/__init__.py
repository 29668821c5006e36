"""newsdesk: turn raw news pages into clean articles, knowledge and alerts."""

__version__ = "0.1.0"
