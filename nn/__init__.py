"""chainrule's neural-network library, built from `engine.Value`s."""

__all__: list[str] = []
