"""APScheduler jobs: reminders, overdue escalation and summary delivery (to come)."""
