using System.Diagnostics.Metrics;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Prometheus;
using ExpositionFormat = Aggregator.Shared.Exposition.ExpositionFormat;

namespace Aggregator.Shared.Diagnostics;

/// <summary>
/// The metrics every exporter has, beside the project's own on <c>/metrics</c>: process (<c>process_*</c>), .NET
/// runtime (GC, thread pool: <see cref="ProcessResourceMetrics"/> and the <c>System.Runtime</c> meter), and the
/// System.Diagnostics.Metrics meters of ASP.NET Core hosting, Kestrel and HttpClient, adapted by prometheus-net's
/// <see cref="MeterAdapter"/>. One per host, each with its own registry, so that two hosts in one process (tests,
/// the demo) never share a counter.
/// </summary>
internal sealed class StandardMetrics : IDisposable
{
    // Note: these meters have no IMeterFactory scope: one per process, the same data whichever host asks.
    private static readonly string[] ProcessMeters = ["System.Runtime", "System.Net.Http"];

    // Note: these come from each host's own IMeterFactory (HttpClient's too when made by IHttpClientFactory);
    // a meter of another host's factory is not ours.
    private static readonly string[] HostMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http"];

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly IDisposable _meters;

    public StandardMetrics(IMeterFactory hostMeters)
    {
        ProcessResourceMetrics.Register(_registry);
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = _registry,
            // Note: the options' factory defaults to the process-global registry and would win over Registry.
            MetricFactory = Metrics.WithCustomRegistry(_registry),
            InstrumentFilterPredicate = instrument => Accepts(instrument.Meter, hostMeters),
        });
    }

    /// <summary>Whether an instrument of <paramref name="meter"/> belongs on the /metrics of the host whose meters come from <paramref name="hostScope"/>.</summary>
    internal static bool Accepts(Meter meter, object hostScope) => meter.Scope is null
        ? ProcessMeters.Contains(meter.Name, StringComparer.Ordinal)
        : ReferenceEquals(meter.Scope, hostScope) && HostMeters.Contains(meter.Name, StringComparer.Ordinal);

    /// <summary>Collects every standard family and writes it through <paramref name="writer"/> (any negotiated format).</summary>
    public async Task WriteToAsync(ExpositionWriter writer, CancellationToken cancellation)
    {
        using var text = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(text, cancellation).ConfigureAwait(false);
        // Note: re-reading prometheus-net's text lets one writer serve text and protobuf alike, one family at a time.
        var relay = new FamilyRelay(writer);
        ExpositionReader.Read(text.GetBuffer().AsMemory(0, (int)text.Length), ExpositionFormat.Text, relay);
        relay.Complete();
    }

    public void Dispose() => _meters.Dispose();

    /// <summary>
    /// The name a family is served under: the adapter's, except that a gauge named <c>..._count</c> (the runtime's
    /// <c>dotnet.thread_pool.thread.count</c> and the like) becomes <c>..._count_current</c>, because Prometheus
    /// reserves that suffix for histograms and summaries (<c>promtool check metrics</c> rejects it elsewhere).
    /// </summary>
    internal static string ServedName(string name, MetricType type) =>
        type is not (MetricType.Histogram or MetricType.Summary or MetricType.GaugeHistogram) && name.EndsWith("_count", StringComparison.Ordinal)
            ? name + "_current"
            : name;

    /// <summary>Writes each family's samples between one BeginFamily and EndFamily, in the order read.</summary>
    private sealed class FamilyRelay(ExpositionWriter writer) : IExpositionSink
    {
        private MetricFamilyInfo? _family;
        private string? _renamed;

        public void OnSample(in ExposedSample sample)
        {
            if (!ReferenceEquals(sample.Family, _family))
            {
                Complete();
                var family = sample.Family;
                string served = ServedName(family.Name, family.Type);
                _renamed = served == family.Name ? null : served;
                writer.BeginFamily(_renamed is null ? family : family with { Name = served });
                _family = family;
            }
            writer.WriteSample(_renamed is null ? sample.Series : sample.Series.With(Label.MetricName, _renamed), sample.Value, null);
        }

        public void Complete()
        {
            if (_family is not null)
            {
                writer.EndFamily();
                _family = null;
            }
        }
    }
}
