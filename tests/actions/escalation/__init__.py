"""Tests of `actions.escalation` (one module per module under test)."""
