using System.Net;
using System.Net.Sockets;
using Aggregator.Shared.Hosting;
using Aggregator.Shared.Topology;
using Aggregator.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aggregator.Shared.Tests.Hosting;

public class KestrelLimitsTests
{
    [Fact]
    public void Apply_ServerAndLimitsFigures_EveryOneOnKestrel()
    {
        var kestrel = new KestrelServerOptions().Limits;
        var server = new ServerConfig
        {
            RequestHeadersTimeout = TimeSpan.FromSeconds(7),
            KeepAliveTimeout = TimeSpan.FromSeconds(11),
            MinDataRate = 100,
            MinDataRateGrace = TimeSpan.FromSeconds(3),
            MaxConnections = 12,
        };

        KestrelLimits.Apply(kestrel, server, new LimitsConfig { RequestBodySize = 12345 });

        Assert.Equal(12345, kestrel.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(7), kestrel.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(11), kestrel.KeepAliveTimeout);
        Assert.Equal(12, kestrel.MaxConcurrentConnections);
        Assert.Equal(12, kestrel.MaxConcurrentUpgradedConnections);
        Assert.Equal((100.0, TimeSpan.FromSeconds(3)), (kestrel.MinRequestBodyDataRate!.BytesPerSecond, kestrel.MinRequestBodyDataRate.GracePeriod));
        Assert.Equal((100.0, TimeSpan.FromSeconds(3)), (kestrel.MinResponseDataRate!.BytesPerSecond, kestrel.MinResponseDataRate.GracePeriod));
    }

    [Fact]
    public void Apply_ZeroConnectionsAndZeroRate_NoLimitOnKestrel()
    {
        var kestrel = new KestrelServerOptions().Limits;

        KestrelLimits.Apply(kestrel, new ServerConfig { MaxConnections = 0, MinDataRate = 0 }, LimitsConfig.Default);

        Assert.Null(kestrel.MaxConcurrentConnections);
        Assert.Null(kestrel.MaxConcurrentUpgradedConnections);
        Assert.Null(kestrel.MinRequestBodyDataRate);
        Assert.Null(kestrel.MinResponseDataRate);
        Assert.Equal(LimitsConfig.Default.RequestBodySize, kestrel.MaxRequestBodySize);
    }

    [Fact]
    public async Task Apply_MaxConnectionsReached_NextConnectionClosedUnansweredWhileTheOpenOnesAreServed()
    {
        int port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            KestrelLimits.Apply(k.Limits, new ServerConfig { MaxConnections = 2 }, LimitsConfig.Default);
        });
        await using var app = builder.Build();
        app.MapGet("/", () => Results.Text("ok"));
        await app.StartAsync();

        using var first = await OpenAndAskAsync(port);
        using var second = await OpenAndAskAsync(port);
        using var third = new TcpClient();
        await third.ConnectAsync(IPAddress.Loopback, port);
        var stream = third.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        int read;
        try
        {
            read = await stream.ReadAsync(new byte[256]);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
        Assert.Contains("ok", await AskAgainAsync(first));
        await app.StopAsync();
    }

    // Note: a kept-alive connection that was answered once, so Kestrel counts it as open.
    private static async Task<TcpClient> OpenAndAskAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        Assert.Contains("ok", await AskAgainAsync(client));
        return client;
    }

    private static async Task<string> AskAgainAsync(TcpClient client)
    {
        var stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var buffer = new byte[1024];
        var text = "";
        while (!text.EndsWith("ok", StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer);
            Assert.True(n > 0, "the connection closed before its answer: " + text);
            text += System.Text.Encoding.ASCII.GetString(buffer, 0, n);
        }
        return text;
    }
}
