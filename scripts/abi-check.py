#!/usr/bin/env python3
"""Parse the ReST that the kernel's scripts/get_abi.pl makes of ABI files.

    get_abi.pl rest --dir DIR | abi-check.py

Exit 1, with docutils' messages on stdout, when the ReST has a warning or
an error (a malformed table, a bad indent). Sphinx's roles that plain
docutils does not know (:ref:, :doc:) are accepted as text.
"""
import sys

import docutils.core
from docutils import nodes
from docutils.parsers.rst import roles


def main():
    for role in ('ref', 'doc'):
        roles.register_generic_role(role, nodes.emphasis)
    try:
        docutils.core.publish_string(
            sys.stdin.read(), writer_name='null',
            settings_overrides={'halt_level': 2, 'report_level': 2,
                                'warning_stream': sys.stdout})
    except docutils.utils.SystemMessage:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
