"""Public web pages served by ``blendbot serve``: cards, privacy, and the DigiCoach insights."""
