using System.Net;

namespace Aggregator.Shared.Ring;

/// <summary>Resolves a host name to its IPv4 (A record) addresses; faked in tests.</summary>
public interface IDnsResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
