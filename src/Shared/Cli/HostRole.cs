namespace Aggregator.Shared.Cli;

/// <summary>Which executable is running: the site tier or the global tier.</summary>
public enum HostRole
{
    Node,
    Aggregator,
}
