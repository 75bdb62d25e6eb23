"""The content: reading, checking and cross-referencing what the group wrote into typed records."""
