"""The cookielint command-line tool, shipped as a prebuilt binary.

The wheel installs the `cookielint` executable into the environment's scripts
folder; this package only lets `python -m cookielint` find and run it.
"""
