"""What is published: notices, pages, feeds, the manifest, the staged site and its addresses."""
