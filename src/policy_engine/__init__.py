"""The policy engine: versions, sections, diffs, announcements, contact data, the manifest.

Plain Python with no dependency on any site generator: hooks/ and the `policy` command are
thin adapters over it, so the engine outlives a change of generator.
"""
