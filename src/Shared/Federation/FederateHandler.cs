using System.Text;
using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Shared.Storage;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Shared.Federation;

/// <summary>
/// Prometheus 2.42's /federate over an <see cref="IFederationSource"/> (FEDERATE_SPEC): GET only
/// (405 otherwise, OPTIONS answered), Go-exact 400s for bad forms and selectors, content negotiation
/// and gzip/deflate as Prometheus does, families in metric-name order written as they arrive (a new
/// family whenever the name changes), every float family untyped, no HELP, external labels per §5.
/// </summary>
public sealed class FederateHandler
{
    private const string PlainText = "text/plain; charset=utf-8";

    private readonly IFederationSource _source;
    private readonly FederationOptions _options;
    private readonly ExternalLabels _external;
    private readonly TimeProvider _time;

    private const string AllowedMethods = "GET, OPTIONS";

    private long _errors;
    private long _partial;
    private Diagnostics.Counter? _rejected;
    private Diagnostics.Counter? _partialExported;

    public FederateHandler(IFederationSource source, FederationOptions options, TimeProvider? time = null)
    {
        _source = source;
        _options = options;
        _external = new ExternalLabels(options.ExternalLabels);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Requests answered with an error status after parsing (Prometheus's federation errors counter).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Requests answered with some ring members missing.</summary>
    public long PartialResponses => Interlocked.Read(ref _partial);

    /// <summary>Also counts refused requests and partial answers on the host's /metrics (idempotent per registry).</summary>
    internal void ExportTo(Diagnostics.MetricsRegistry registry)
    {
        _rejected = registry.Counter("aggregator_federate_rejected_total", "/federate requests answered 400, by reason.", "reason");
        foreach (var reason in new[] { FederateRequest.TooManyMatchers, FederateRequest.BadSelector, FederateRequest.BadForm })
        {
            _rejected.WithLabels(reason);
        }
        _partialExported = registry.Counter("aggregator_federate_partial_responses_total", "/federate answers with some ring members missing.");
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string? body = null;
        if (HttpMethods.IsOptions(request.Method))
        {
            response.Headers.Allow = AllowedMethods;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = 0;
            return;
        }
        if (_options.AllowPost && HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        else if (!HttpMethods.IsGet(request.Method))
        {
            response.Headers.Allow = AllowedMethods;
            await WriteErrorAsync(response, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
            return;
        }
        var parsed = FederateRequest.Parse(request.QueryString.Value, body, _options.MaxMatchers);
        if (parsed.Error is not null)
        {
            _rejected?.WithLabels(parsed.Rejection ?? FederateRequest.BadSelector).Inc();
            await WriteErrorAsync(response, StatusCodes.Status400BadRequest, parsed.Error);
            return;
        }
        var negotiated = ContentNegotiation.Negotiate(First(request.Headers.Accept), First(request.Headers.AcceptEncoding));
        response.ContentType = negotiated.ContentType;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var query = new FederationQuery(parsed.Selectors, now - (long)_options.Lookback.TotalMilliseconds, now);
        FederationResult result;
        try
        {
            // Note: no match[] at all is a 200 with an empty body in Prometheus, not an error.
            result = parsed.Selectors.Count == 0
                ? new FederationResult(AsyncEnumerable.Empty<SeriesSample>(), [])
                : await _source.QueryAsync(query, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _errors);
            await WriteErrorAsync(response, e is FederationUnavailableException ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError, e.Message);
            return;
        }
        if (result.MissingMembers.Count > 0)
        {
            Interlocked.Increment(ref _partial);
            _partialExported?.Inc();
            var missing = string.Join(",", result.MissingMembers);
            if (!parsed.PartialResponse)
            {
                await WriteErrorAsync(response, StatusCodes.Status503ServiceUnavailable, "partial response refused; members not answering: " + missing);
                return;
            }
            response.Headers[FederationOptions.PartialHeader] = missing;
        }
        if (result.Families is { } families)
        {
            await StreamFamiliesAsync(context, negotiated, families);
            return;
        }
        await StreamAsync(context, negotiated, result.Series);
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;

    private async Task StreamAsync(HttpContext context, NegotiatedFormat negotiated, IAsyncEnumerable<SeriesSample> series)
    {
        var response = context.Response;
        await using var items = series.GetAsyncEnumerator(context.RequestAborted);
        bool any;
        try
        {
            any = await items.MoveNextAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Note: nothing is written yet, so a failing source still gets a clean 503/500 as in Prometheus.
            Interlocked.Increment(ref _errors);
            await WriteErrorAsync(response, e is FederationUnavailableException ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError, e.Message);
            return;
        }
        var encodingHeader = negotiated.ContentEncodingHeader;
        if (encodingHeader is not null)
        {
            response.Headers.ContentEncoding = encodingHeader;
        }
        var writer = ExpositionWriter.Create(response.Body, negotiated);
        try
        {
            if (any)
            {
                await WriteFamiliesAsync(writer, items, context.RequestAborted);
            }
            await writer.CompleteAsync(context.RequestAborted);
            await writer.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Note: output may have started; as Prometheus, the body is cut short (here by aborting the
            // connection, so the client cannot mistake a truncated body for a complete one).
            Interlocked.Increment(ref _errors);
            context.Abort();
        }
    }

    private async Task StreamFamiliesAsync(HttpContext context, NegotiatedFormat negotiated, IEnumerable<SeriesFamily> families)
    {
        var response = context.Response;
        using var items = families.GetEnumerator();
        bool any;
        try
        {
            any = items.MoveNext();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _errors);
            await WriteErrorAsync(response, StatusCodes.Status500InternalServerError, e.Message);
            return;
        }
        if (negotiated.ContentEncodingHeader is { } encodingHeader)
        {
            response.Headers.ContentEncoding = encodingHeader;
        }
        var writer = ExpositionWriter.Create(response.Body, negotiated);
        try
        {
            if (any)
            {
                var output = new FamilyOutput(writer, _external);
                do
                {
                    await output.WriteAsync(items.Current, context.RequestAborted);
                }
                while (items.MoveNext());
            }
            await writer.CompleteAsync(context.RequestAborted);
            await writer.DisposeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Note: as in StreamAsync, a body cut short aborts the connection.
            Interlocked.Increment(ref _errors);
            context.Abort();
        }
    }

    private async Task WriteFamiliesAsync(ExpositionWriter writer, IAsyncEnumerator<SeriesSample> items, CancellationToken cancellationToken)
    {
        var scratch = new Label[16];
        string? family = null;
        do
        {
            var item = items.Current;
            var name = item.Labels.MetricName;
            if (name.Length == 0 || item.Sample.IsStale)
            {
                continue;
            }
            if (name != family)
            {
                if (family is not null)
                {
                    writer.EndFamily();
                }
                // Note: Prometheus types every float family untyped and never sends HELP.
                writer.BeginFamily(name, MetricType.Untyped);
                family = name;
            }
            int max = _external.MaxOutput(item.Labels);
            if (scratch.Length < max)
            {
                scratch = new Label[max * 2];
            }
            int n = _external.Apply(item.Labels, scratch);
            writer.WriteSample(name, scratch.AsSpan(0, n), item.Sample.Value, item.Sample.TimestampMs);
            if (writer.ShouldFlush)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
        while (await items.MoveNextAsync());
        if (family is not null)
        {
            writer.EndFamily();
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, int status, string text)
    {
        // Note: Go's http.Error: text/plain, nosniff, the message and a newline.
        var bytes = Encoding.UTF8.GetBytes(text + "\n");
        response.StatusCode = status;
        response.ContentType = PlainText;
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(bytes);
        }
    }
}
