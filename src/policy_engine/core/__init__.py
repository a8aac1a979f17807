"""What every stage shares: problems and messages, the interface's words, dates, the cache, the law's references."""
