using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aggregator.Tests.Common;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that answers every request with a 200 whose <c>Content-Length</c>
/// promises more than it sends, then closes its side in order (FIN). Unlike Kestrel's abort (a reset, which
/// may discard response bytes the client has not read yet, so the client sees a reset rather than a short
/// body), the client always gets the headers and the partial body, then the end of the stream: a truncated
/// answer, deterministically. Optionally on a given port (to stand in for a stopped server).
/// </summary>
public sealed class TruncatingHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    private TruncatingHttpServer(TcpListener listener, byte[] response)
    {
        _listener = listener;
        _response = response;
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts answering <paramref name="partialBody"/> of a body announced as <paramref name="promisedLength"/> bytes.</summary>
    public static TruncatingHttpServer Start(string partialBody, int promisedLength = 10_000, int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: {promisedLength}\r\n\r\n";
        return new TruncatingHttpServer(listener, Encoding.UTF8.GetBytes(head + partialBody));
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            // Note: a listener stopped between two accepts throws InvalidOperationException ("Not listening").
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }
            connections.Add(ServeAsync(socket));
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[16 * 1024];
                int read = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(read), _stop.Token);
                    if (n == 0 || read + n == buffer.Length)
                    {
                        return;
                    }
                    read += n;
                }
                Interlocked.Increment(ref _requests);
                await socket.SendAsync(_response, _stop.Token);
                socket.Shutdown(SocketShutdown.Send);
                // Note: wait for the client to close its side, so that closing ours never finds unread
                // bytes (which would turn the close into a reset).
                while (await socket.ReceiveAsync(buffer, _stop.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Note: the client went away or the server stops; either ends this connection.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
