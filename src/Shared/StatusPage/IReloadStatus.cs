using Aggregator.Shared.Hosting;

namespace Aggregator.Shared.StatusPage;

/// <summary>What the status page shows of configuration reloads: the configuration in use and the last attempt.</summary>
internal interface IReloadStatus
{
    /// <summary>The node's context as last loaded successfully.</summary>
    NodeContext Current { get; }

    ReloadRow Last { get; }
}
