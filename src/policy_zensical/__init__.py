"""The policy site's adapter to Zensical, the second generator (ProperDocs is the one of record).

Zensical runs no MkDocs hooks or plugins and has no i18n: the engine stages the whole site
(policy_engine.publishing.stage), this package gives each language a plain configuration made from
mkdocs.yml and the staged site.json, runs one Zensical build per language, and assembles them
with the staged derived files into one site, which replaces site_dir only when both built.
`python -m policy_zensical build --site-dir DIR` (make build GENERATOR=zensical)."""

from .build import build

__all__ = ["build"]
