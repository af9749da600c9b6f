"""Fonts the package ships so that charts render Chinese on a machine without a CJK font (see README.txt)."""
