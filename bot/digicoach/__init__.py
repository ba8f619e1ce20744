"""DigiCoach features (issue 7): card search in the compose box, insights, "vergeet mij"."""
