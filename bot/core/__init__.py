"""The neutral core: plain types that features use and channel adapters translate to."""
