"""Channel edges: translate a platform's types to the neutral core (``bot.core``) and back."""
