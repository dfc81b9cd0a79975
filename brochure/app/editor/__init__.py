"""編集画面: the browser editor (``brochure serve``).

Staff edit contacts and leaflets in forms; every change is validated with the
build's own checks before it is saved, written through the round-trip writer
(only the changed lines of the YAML file change), recorded in the history, and
rebuilt on a warm engine so the preview in every open browser follows.

Modules: ``workspace`` (the project's data held in memory, reloaded when a file
changes), ``forms`` (the contact form built from the schema), ``history``
(every save, and undo), ``rebuild`` (the warm engine and the preview images),
``security`` (Host checks, CSRF, logins), ``web`` (the Starlette app and its
pages), ``server`` (uvicorn, loopback by default).
"""
