using System.Globalization;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Federation;

/// <summary>
/// Renders <c>/federate</c> once per format at start, over a private store of a few made-up series, into a sink that
/// completes every write asynchronously (as a socket under load does) and keeps nothing. Note: ReadyToRun leaves the
/// generic instantiations of the request path to the JIT (the async state machines of the handler, the family
/// output and the writer's flushes, the pool of <see cref="SeriesSample"/> buffers); without this the first real
/// request compiled ~60 of them inside itself (BENCHMARKS.md "Warm-up"). The real store, the real handler's counters
/// and the readiness of the host are not touched. Kestrel's own flush path still compiles on the first real request.
/// </summary>
internal static partial class FederateWarmUp
{
    // Note: enough series in one family for the writer to flush (32 KB) several times, so every await goes async.
    private const int Series = 2_000;

    private static readonly string[] Accepts =
    [
        ContentNegotiation.TextContentType,
        ContentNegotiation.ProtobufDelimitedContentType,
        ContentNegotiation.OpenMetricsContentType,
    ];

    /// <summary>
    /// Starts <see cref="RunAsync"/> on the thread pool and returns at once: the host starts (and gets ready) as
    /// before, the warm-up overlaps the first polls. A failure only costs the first request its JIT; it is logged.
    /// </summary>
    public static Task StartInBackground(FederationOptions options, TimeProvider time, ILogger logger) =>
        Task.Run(async () =>
        {
            try
            {
                await RunAsync(options, time).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        });

    /// <summary>Renders every series of the private store in each format; returns the bytes rendered per format.</summary>
    public static async Task<IReadOnlyList<long>> RunAsync(FederationOptions options, TimeProvider time)
    {
        var store = new SeriesStore(new SeriesStoreOptions { Lookback = options.Lookback }, time);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (int i = 0; i < Series; i++)
        {
            var name = i % 4 == 0 ? "aggregator_warm_up_a" : "aggregator_warm_up_b";
            store.Append(LabelSet.Of(Label.MetricName, name, "instance", "warm-up-" + i.ToString(CultureInfo.InvariantCulture)), new Sample(now, i));
        }
        store.PrepareReads();
        var handler = new FederateHandler(new SeriesStoreFederationSource(store), options, time);
        var rendered = new List<long>();
        foreach (var accept in Accepts)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/federate";
            context.Request.QueryString = new QueryString("?match[]=%7B__name__%3D~%22aggregator_warm_up_.%2B%22%7D");
            context.Request.Headers.Accept = accept;
            var sink = new AsyncNullStream();
            context.Response.Body = sink;
            await handler.HandleAsync(context).ConfigureAwait(false);
            rendered.Add(sink.Length);
        }
        return rendered;
    }

    [LoggerMessage(EventId = Diagnostics.EventIds.FederateWarmUpFailed, Level = LogLevel.Warning,
        Message = "The /federate warm-up at start failed; the first request compiles its path instead")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>Counts what is written and completes each write and flush after a yield.</summary>
    private sealed class AsyncNullStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override async Task FlushAsync(CancellationToken cancellationToken) => await Task.Yield();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            Position += buffer.Length;
        }
    }
}
