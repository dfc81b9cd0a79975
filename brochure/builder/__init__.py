"""Stage 5, build: the pipeline that turns a project into outputs.

The folder is ``builder/``, not ``build/``: linters and packaging tools skip
folders named ``build``, and the project's output folder is ``build/``.

Owns the build (load → compose → render → check → write), dependency
tracking (what each output was made from, so only stale outputs are
rendered), outputs and the manifest, worker processes, the change report,
progress, and freezing an edition.

May import: checks, render, layout, data and the shared modules.
"""
