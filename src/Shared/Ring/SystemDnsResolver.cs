using System.Net;
using System.Net.Sockets;

namespace Aggregator.Shared.Ring;

/// <summary>The operating system's resolver, A records only.</summary>
public sealed class SystemDnsResolver : IDnsResolver
{
    public static readonly SystemDnsResolver Instance = new();

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, cancellationToken);
}
