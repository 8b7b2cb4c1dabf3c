using System.Globalization;
using Aggregator.Shared.Ring;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tiers;

/// <summary>
/// Where the members of a parent ring are reached, asked afresh at every failover: a ring that lists
/// node ids gives their urls; a ring with <c>dns = "host:port"</c> keeps the name and resolves it at
/// each call (a restarted pod has a new address), giving members <c>ip:port</c> in address order.
/// </summary>
internal sealed class ParentEndpoints
{
    private readonly RingConfig _ring;
    private readonly IReadOnlyList<ParentMember> _static;
    private readonly IDnsResolver _resolver;
    private readonly string _scheme;

    public ParentEndpoints(TopologyConfig topology, RingConfig ring, IDnsResolver resolver)
    {
        _ring = ring;
        _resolver = resolver;
        _static = [.. topology.MembersOf(ring).Select(m => new ParentMember(m.Id, m.Url))];
        _scheme = topology.Security.ServesTls ? "https" : "http";
    }

    public string RingName => _ring.Name;

    public async Task<IReadOnlyList<ParentMember>> ResolveAsync(CancellationToken cancellationToken)
    {
        if (_ring.Dns is not { } dns)
        {
            return _static;
        }
        int colon = dns.LastIndexOf(':');
        var host = dns[..colon];
        int port = int.Parse(dns[(colon + 1)..], CultureInfo.InvariantCulture);
        var addresses = await _resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        return [.. addresses.Select(a => $"{a}:{port}").Order(StringComparer.Ordinal).Select(id => new ParentMember(id, new Uri($"{_scheme}://{id}/")))];
    }
}

/// <summary>One member of a parent ring: its id (node id, or <c>ip:port</c> in a DNS ring) and its base url.</summary>
internal sealed record ParentMember(string Id, Uri Url);
