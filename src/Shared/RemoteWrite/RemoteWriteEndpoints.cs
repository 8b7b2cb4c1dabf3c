using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Shared.RemoteWrite;

/// <summary>Maps a remote-write 1.0 receiver (<c>POST</c>) onto ASP.NET Core routing.</summary>
public static class RemoteWriteEndpoints
{
    /// <summary>
    /// Receives remote-write requests at <paramref name="pattern"/>: the body is size-checked before
    /// it is read, decoded and validated under <paramref name="limits"/>, then handed to
    /// <paramref name="sink"/>. Answers 204 on success, a 4xx with a one-line reason naming the limit
    /// and the series for any refused request (not retried by senders, except 429), 500 when the sink
    /// throws anything but <see cref="RemoteWriteRejectedException"/> (retried), or the status of a
    /// <see cref="RemoteWriteRefusedException"/> (a ring that cannot store the batch now: 503, retried).
    /// </summary>
    public static IEndpointConventionBuilder MapRemoteWrite(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WriteBatch, CancellationToken, ValueTask> sink,
        RemoteWriteLimits? limits = null,
        RemoteWriteReceiverMetrics? metrics = null,
        TimeProvider? time = null,
        TimeSpan? bodyReadTimeout = null,
        Func<HttpContext, WriteBatch, RemoteWriteRejectedException?>? authorize = null)
    {
        limits ??= RemoteWriteLimits.Default;
        metrics ??= new RemoteWriteReceiverMetrics();
        time ??= TimeProvider.System;
        var timeout = bodyReadTimeout ?? TimeSpan.FromMinutes(1);
        return endpoints.MapPost(pattern, (HttpContext context) => ReceiveAsync(context, sink, limits, metrics, time, timeout, authorize));
    }

    internal static Task ReceiveAsync(HttpContext context, Func<WriteBatch, CancellationToken, ValueTask> sink, RemoteWriteLimits limits, RemoteWriteReceiverMetrics metrics) =>
        ReceiveAsync(context, sink, limits, metrics, TimeProvider.System, TimeSpan.FromMinutes(1));

    // Note: authorize says whether the caller may write this batch (a site's credential writes its own series
    // only); the exception it returns is answered with its 4xx and counted, and the sink is not called.
    internal static async Task ReceiveAsync(HttpContext context, Func<WriteBatch, CancellationToken, ValueTask> sink, RemoteWriteLimits limits,
        RemoteWriteReceiverMetrics metrics, TimeProvider time, TimeSpan bodyReadTimeout,
        Func<HttpContext, WriteBatch, RemoteWriteRejectedException?>? authorize = null)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        long max = limits.MaxCompressedBytes;
        if (request.ContentLength > max)
        {
            await RejectAsync(context, metrics, new RemoteWriteError(RemoteWriteErrorKind.BodyTooLarge,
                $"Content-Length {request.ContentLength} exceeds the limit of {max} bytes (limit request-body-size)"));
            return;
        }
        var (buffer, length, readError) = await ReadBodyAsync(request.Body, request.ContentLength, max, time, bodyReadTimeout, aborted);
        if (readError is not null)
        {
            await RejectAsync(context, metrics, readError);
            return;
        }
        try
        {
            if (length > max)
            {
                await RejectAsync(context, metrics, TooLarge(max));
                return;
            }
            var result = RemoteWriteDecoder.Decode(buffer.AsSpan(0, length), limits);
            if (!result.Ok)
            {
                await RejectAsync(context, metrics, result.Error);
                return;
            }
            if (RemoteWriteBatchChecks.Check(result.Batch, limits, time.GetUtcNow().ToUnixTimeMilliseconds()) is { } refused)
            {
                await RejectAsync(context, metrics, refused);
                return;
            }
            if (authorize?.Invoke(context, result.Batch) is { } forbidden)
            {
                await RejectAsync(context, metrics, forbidden.Error, forbidden.Site);
                return;
            }
            try
            {
                await sink(result.Batch, aborted);
            }
            catch (RemoteWriteRejectedException e)
            {
                await RejectAsync(context, metrics, e.Error, e.Site);
                return;
            }
            catch (RemoteWriteRefusedException notNow)
            {
                metrics.OnUnavailable(notNow.Reason);
                context.Response.StatusCode = notNow.StatusCode;
                if (notNow.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(notNow.Message + "\n", aborted);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                metrics.OnSinkFailure();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("remote write sink failed: " + e.Message + "\n", aborted);
                return;
            }
            metrics.OnAccepted(result.Batch);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RemoteWriteError TooLarge(long max) =>
        new(RemoteWriteErrorKind.BodyTooLarge, $"body exceeds the limit of {max} bytes (limit request-body-size)");

    /// <summary>
    /// Reads at most <paramref name="max"/> + 1 bytes into a pooled buffer within <paramref name="timeout"/>.
    /// Note: a chunked body has no Content-Length, so the cap is enforced while reading; one byte over
    /// the limit is enough to know. Kestrel's own body limit (the same figure) or its minimum data rate
    /// may stop the read first: both become a counted 4xx here, never a 500.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length, RemoteWriteError? Error)> ReadBodyAsync(
        Stream body, long? contentLength, long max, TimeProvider time, TimeSpan timeout, CancellationToken aborted)
    {
        int initial = (int)Math.Min(contentLength is long n ? n + 1 : 64 * 1024, max + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        int length = 0;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max)
                    {
                        return (buffer, length, null);
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = await body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, max + 1 - length)), linked.Token);
                if (read == 0)
                {
                    return (buffer, length, null);
                }
                length += read;
                if (length > max)
                {
                    return (buffer, length, null);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ([], 0, new RemoteWriteError(RemoteWriteErrorKind.BodyReadTimeout,
                $"body not received within {timeout.TotalSeconds}s (server.body-read-timeout)"));
        }
        catch (BadHttpRequestException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return ([], 0, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(max)
                : new RemoteWriteError(RemoteWriteErrorKind.BodyReadTimeout, "body not received: " + e.Message));
        }
    }

    private static Task RejectAsync(HttpContext context, RemoteWriteReceiverMetrics metrics, RemoteWriteError error, string? site = null)
    {
        metrics.OnRejected(error.Kind, site);
        context.Response.StatusCode = error.Kind.StatusCode();
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (error.Kind is RemoteWriteErrorKind.BodyTooLarge or RemoteWriteErrorKind.BodyReadTimeout)
        {
            // Note: the rest of the body is never read, so Kestrel drops the connection after this answer; saying so
            // keeps a client from sending its next request on a connection about to close (it would fail unanswered).
            context.Response.Headers.Connection = "close";
        }
        return context.Response.WriteAsync(error + "\n", context.RequestAborted);
    }
}
