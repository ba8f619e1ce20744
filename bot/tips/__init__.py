"""Weekly blended-learning tips: rotation, subscriptions, delivery and schedule (issue 6)."""
