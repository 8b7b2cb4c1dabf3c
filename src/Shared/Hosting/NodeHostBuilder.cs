using Aggregator.Shared.Diagnostics;
using Aggregator.Shared.Http;
using Aggregator.Shared.StatusPage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Shared.Hosting;

/// <summary>
/// Builds the web host of one node: Kestrel on its listen address (TLS when configured), the
/// endpoints every node has (<c>/-/healthy</c>, <c>/-/ready</c>, <c>/metrics</c>,
/// <c>/api/v1/topology</c>, <c>/</c>), and whatever the <see cref="INodeComponent"/>s add.
/// The generic host stops it gracefully on SIGTERM or Ctrl-C.
/// </summary>
internal static class NodeHostBuilder
{
    public static WebApplication Build(NodeContext node, NodeHostOptions? options = null)
    {
        options ??= new NodeHostOptions();
        node = OwnCredentials.Apply(node);
        var components = options.Components ?? NodeComponentCatalog.For(node);
        var gate = new ReadinessGate();
        var metrics = options.Metrics ?? new MetricsRegistry();

        var builder = WebApplication.CreateSlimBuilder();
        var listen = options.ListenOverride ?? node.Node.Listen;
        if (node.Topology.Security.ServesTls)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            KestrelListen.Configure(kestrel, listen, node.Topology.Security);
            KestrelLimits.Apply(kestrel.Limits, node.Topology.Server, node.Node.Limits);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        // Note: ASP.NET Core logs every request at Information; at a poll per source per interval that drowns our own lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(node.Topology);
        builder.Services.AddSingleton(gate);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton<StatusBoards>();
        builder.Services.AddSingleton<StatusSnapshotBuilder>();
        foreach (var component in components)
        {
            component.ConfigureServices(builder.Services, node);
        }
        options.Configure?.Invoke(builder);

        var app = builder.Build();
        HostMetrics.Register(metrics, node, gate, options.TimeProvider);
        app.Lifetime.ApplicationStarted.Register(gate.MarkStarted);
        app.UseRouting();
        app.UseRequestMetrics(metrics);
        app.UseServerAuth(node.Topology, metrics);
        app.MapHealth(gate);
        app.MapMetrics(metrics);
        app.MapTopology(node);
        foreach (var component in components)
        {
            component.MapEndpoints(app, node);
        }
        app.MapStatusPage();
        return app;
    }
}
