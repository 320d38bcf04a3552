"""Admin hooks for the review cycle (dashboard panel, still accurate, overdue report)."""
