"""Large Excel exports prepared in the background: a job per request, its progress page, and the finished file
served only to whoever asked for it. Apps register what they can export in :mod:`.registry`."""
