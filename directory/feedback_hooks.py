"""Admin hooks for "suggest a change" (feedback listings for partners and moderators)."""
