"""Settings package.

``base`` holds everything shared and reads every tunable from the environment with a safe
default. The environment modules (``dev``, ``test``, ``production``) set their defaults first and
then import ``base``, the pattern open-formulieren uses, so an environment variable always wins
and ``base`` never needs to know which environment it runs in.
"""
