namespace Aggregator.Shared.Http;

/// <summary>
/// A secret kept in a file (a token or password mounted from a Secret), trimmed of surrounding
/// whitespace as Prometheus does (<c>strings.TrimSpace</c>) by every reader, client and server alike,
/// and read again when the file changes, so a rotated secret takes effect without a restart.
/// Note: the file's time stamp and size are looked at most once a second. Thread-safe.
/// </summary>
internal sealed class SecretFile(string path, Func<long>? clockMs = null)
{
    /// <summary>How often the file's stamp is looked at, at most.</summary>
    public const long CheckIntervalMs = 1000;

    private static readonly Func<long> DefaultClock = () => Environment.TickCount64;

    private readonly Lock _lock = new();
    private string? _value;
    private (DateTime Written, long Length) _stamp;
    private long _checkedAtMs = long.MinValue;

    public string Path { get; } = path;

    /// <summary>The trimmed text of a secret file (one read; for callers that read rarely).</summary>
    public static string ReadTrimmed(string path) => File.ReadAllText(path).Trim();

    /// <summary>The current secret; throws IOException (or UnauthorizedAccessException) when the file cannot be read.</summary>
    public string Read()
    {
        long now = (clockMs ?? DefaultClock)();
        lock (_lock)
        {
            if (_value is not null && now - _checkedAtMs < CheckIntervalMs)
            {
                return _value;
            }
            var info = new FileInfo(Path);
            var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
            if (_value is null || stamp != _stamp)
            {
                _value = ReadTrimmed(Path);
                _stamp = stamp;
            }
            _checkedAtMs = now;
            return _value;
        }
    }
}
