"""mandategraph: trace who must do what, and why, through Vietnam's planning documents."""

__version__ = "0.1.0"
