namespace Aggregator.Shared.Reload;

/// <summary>
/// A part that applies a reloaded configuration itself (rule groups, sources). The reloader calls
/// every part, in registration order, only once the new configuration is known to be valid.
/// </summary>
internal interface IReloadable
{
    void Apply(LoadedConfig previous, LoadedConfig next);
}
