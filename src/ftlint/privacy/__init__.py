"""Personal data: how it is found (`detect`) and how reports show it (`mask`, `masking`).

Shared by the PI rules, which report it, and the command layer, which masks it in every report
whatever rules are selected. Imports libraries and `ftlint.core` only, so both can use it.
"""
