"""Click commands grouped by topic; ``cli.py`` adds them to the ``newsdesk`` group."""
