using Aggregator.Shared.Http;
using Aggregator.Shared.Topology;

namespace Aggregator.Shared.Tests.Http;

public sealed class AuthHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("auth-header-").FullName;
    private long _nowMs;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Current_TokenFileRewritten_NewTokenAfterTheCheckInterval()
    {
        var file = Write("token", "first\n");
        var header = new AuthHeader(new AuthConfig { BearerTokenFile = file }, () => _nowMs);
        Assert.Equal("Bearer first", header.Current());

        File.WriteAllText(file, "second-token\n");
        Assert.Equal("Bearer first", header.Current());
        _nowMs += SecretFile.CheckIntervalMs;

        Assert.Equal("Bearer second-token", header.Current());
    }

    [Theory]
    [InlineData("s3cret")]
    [InlineData("s3cret\n")]
    [InlineData("  s3cret \r\n")]
    [InlineData("\ts3cret\t")]
    public void Current_SurroundingWhitespace_TrimmedAsPrometheusAndTheClientDo(string content)
    {
        var password = Write("password", content);
        var header = new AuthHeader(new AuthConfig { BasicUsername = "u", BasicPasswordFile = password }, () => _nowMs);

        Assert.Equal("Basic " + Convert.ToBase64String("u:s3cret"u8.ToArray()), header.Current());
        Assert.Equal("s3cret", SecretFile.ReadTrimmed(password));
    }

    [Fact]
    public void Current_FileRemovedAfterFirstRead_ReportsTheReadError()
    {
        var file = Write("token", "first");
        var header = new AuthHeader(new AuthConfig { BearerTokenFile = file }, () => _nowMs);
        header.Current();

        File.Delete(file);
        _nowMs += SecretFile.CheckIntervalMs;

        Assert.ThrowsAny<IOException>(() => header.Current());
    }
}
