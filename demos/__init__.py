"""chainrule's demos: gradient descent fitting real examples. Run `python -m demos`."""
