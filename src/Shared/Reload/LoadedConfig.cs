using Aggregator.Shared.Hosting;
using Aggregator.Shared.Rules;

namespace Aggregator.Shared.Reload;

/// <summary>One consistent configuration of this process: its part of the topology and its rule files as loaded.</summary>
internal sealed record LoadedConfig(NodeContext Node, RuleLoadResult Rules);
