"""Maintenance scripts for the course repository (not imported by notebooks)."""
