"""The policy site's adapter to MkDocs, Material and mkdocs-static-i18n: what only this generator
needs. The engine (policy_engine) knows nothing of it; hooks/policy_site.py wires these parts to
MkDocs's events. Moving to another generator means replacing this package and the hook."""
