"""The changes between versions: word diffs, section comparisons, the purposes of use, redlines and 新旧対照表, translation drift."""
