namespace Aggregator.Shared.Http;

/// <summary>
/// A value built from files (a certificate and its key, a CA bundle) and built again when any of them
/// changes, so a renewed Secret (cert-manager rewrites its files) takes effect without a restart.
/// Note: the files' stamps (write time, length) are looked at most once a second; files being rewritten
/// that fail to load keep the previous value until they load. Thread-safe.
/// </summary>
internal sealed class ReloadingFiles<T>(IReadOnlyList<string> paths, Func<T> load, Func<long>? clockMs = null)
    where T : class
{
    /// <summary>How often the files' stamps are looked at, at most.</summary>
    public const long CheckIntervalMs = 1000;

    private static readonly Func<long> DefaultClock = () => Environment.TickCount64;

    private readonly Lock _lock = new();
    private readonly (DateTime Written, long Length)[] _stamps = new (DateTime, long)[paths.Count];
    private T? _current;
    private long _checkedAtMs = long.MinValue;

    /// <summary>The value as the files hold it now (built on first use; throws if it never built).</summary>
    public T Current
    {
        get
        {
            long now = (clockMs ?? DefaultClock)();
            lock (_lock)
            {
                if (_current is not null && now - _checkedAtMs < CheckIntervalMs)
                {
                    return _current;
                }
                _checkedAtMs = now;
                var stamps = paths.Select(Stamp).ToArray();
                if (_current is null || !stamps.AsSpan().SequenceEqual(_stamps))
                {
                    try
                    {
                        _current = load();
                        stamps.CopyTo(_stamps, 0);
                    }
                    catch (Exception e) when (_current is not null && e is IOException or UnauthorizedAccessException
                        or System.Security.Cryptography.CryptographicException or ArgumentException)
                    {
                        // Note: half-written files during a rotation; the next check tries again.
                    }
                }
                return _current!;
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1);
    }
}
