"""SQL storage: the async database, its schema and migrations, Bot Framework state, repositories."""
