"""``--help`` and usage errors in the reader's language.

The parser in cli.py is written in English; its help texts are msgids of the catalogue, translated
here once the parser is built, so that cli.py stays plain.  argparse's own words ("usage:",
"options", "the following arguments are required") come from its gettext domain, which has no
Japanese; they are looked up in this project's catalogue instead.
"""

from __future__ import annotations

import argparse

from ..i18n import N_, _, language

# argparse's own texts (Python 3.11–3.13), marked here so that the catalogue has them.
ARGPARSE_TEXTS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("%(prog)s: error: %(message)s\n"), N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
)


def localise(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Translate the help texts of ``parser`` and its subcommands in place; English stays as written."""
    if language() == "en":
        return parser
    argparse._ = _argparse_text   # argparse looks its texts up through this module global
    _translate(parser)
    return parser


def _argparse_text(message: str) -> str:
    return _(message)


def _translate(parser: argparse.ArgumentParser) -> None:
    if parser.description:
        parser.description = _(parser.description)
    for group in parser._action_groups:
        if group.title:
            group.title = _(group.title)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = _(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _(choice.help) if choice.help else choice.help
            for sub in {id(p): p for p in action.choices.values()}.values():
                _translate(sub)
