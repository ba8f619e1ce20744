"""The Bot Framework protocol as plain JSON: what Teams sends and accepts, read and written
without any SDK. Both Teams adapters (botbuilder and the Microsoft 365 Agents SDK) speak it;
the Agents SDK adapter reads and writes through these functions only."""
