"""Intake stage: reading and validating what counties send (ledgers, records, statistics, rosters)."""
