namespace Aggregator.Shared.Actors;

/// <summary>A child name is empty, contains '/', starts with '$', or is already taken by a live sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
