"""Provider adapters. Nothing here imports the rest of the project."""

import os

# python-telegram-bot 22 returns durations (RetryAfter.retry_after) as timedeltas only when
# asked, and warns otherwise; PTB 23 will always. Ask now: the adapter handles both.
os.environ.setdefault("PTB_TIMEDELTA", "true")
