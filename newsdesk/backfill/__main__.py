"""``python -m newsdesk.backfill ARGS`` = ``newsdesk backfill ARGS``; also the script to hand to
``spark-submit`` (``spark-submit … $(python -c 'import newsdesk.backfill.__main__ as m; print(m.__file__)') …``)."""

from __future__ import annotations

from newsdesk.commands.backfill import backfill_command  # absolute: spark-submit runs this file as a script

if __name__ == "__main__":
    backfill_command(prog_name="newsdesk backfill")
