"""Reading the input: text files, YAML, settings, the versions and their Markdown, the contact details and other records."""
