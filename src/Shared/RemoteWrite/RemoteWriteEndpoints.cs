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
    /// <paramref name="sink"/>. Answers 204 on success, 400 with a one-line reason for any invalid
    /// request (not retried by senders), 500 when the sink throws (retried), or the status and reason of a
    /// <see cref="RemoteWriteRefusedException"/> the sink throws (e.g. 429 over a limit, 503 while the ring cannot take it).
    /// </summary>
    public static IEndpointConventionBuilder MapRemoteWrite(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WriteBatch, CancellationToken, ValueTask> sink,
        RemoteWriteLimits? limits = null,
        RemoteWriteReceiverMetrics? metrics = null)
    {
        limits ??= RemoteWriteLimits.Default;
        metrics ??= new RemoteWriteReceiverMetrics();
        return endpoints.MapPost(pattern, (HttpContext context) => ReceiveAsync(context, sink, limits, metrics));
    }

    internal static async Task ReceiveAsync(HttpContext context, Func<WriteBatch, CancellationToken, ValueTask> sink, RemoteWriteLimits limits, RemoteWriteReceiverMetrics metrics)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        long max = limits.MaxCompressedBytes;
        if (request.ContentLength > max)
        {
            await RejectAsync(context, metrics, new RemoteWriteError(RemoteWriteErrorKind.BodyTooLarge,
                $"Content-Length {request.ContentLength} exceeds the limit of {max} bytes"));
            return;
        }
        var (buffer, length) = await ReadBodyAsync(request.Body, request.ContentLength, max, aborted);
        try
        {
            if (length > max)
            {
                await RejectAsync(context, metrics, new RemoteWriteError(RemoteWriteErrorKind.BodyTooLarge,
                    $"body exceeds the limit of {max} bytes"));
                return;
            }
            var result = RemoteWriteDecoder.Decode(buffer.AsSpan(0, length), limits);
            if (!result.Ok)
            {
                await RejectAsync(context, metrics, result.Error);
                return;
            }
            try
            {
                await sink(result.Batch, aborted);
            }
            catch (RemoteWriteRefusedException refused)
            {
                metrics.OnSinkFailure();
                context.Response.StatusCode = refused.StatusCode;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(refused.Message + "\n", aborted);
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

    /// <summary>
    /// Reads at most <paramref name="max"/> + 1 bytes into a pooled buffer. Note: a chunked body has
    /// no Content-Length, so the cap is enforced while reading; one byte over the limit is enough to know.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(Stream body, long? contentLength, long max, CancellationToken cancellationToken)
    {
        int initial = (int)Math.Min(contentLength is long n ? n + 1 : 64 * 1024, max + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > max)
                {
                    return (buffer, length);
                }
                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            int read = await body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, max + 1 - length)), cancellationToken);
            if (read == 0)
            {
                return (buffer, length);
            }
            length += read;
            if (length > max)
            {
                return (buffer, length);
            }
        }
    }

    private static Task RejectAsync(HttpContext context, RemoteWriteReceiverMetrics metrics, RemoteWriteError error)
    {
        metrics.OnRejected(error.Kind);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(error + "\n", context.RequestAborted);
    }
}
