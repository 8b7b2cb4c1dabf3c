using Aggregator.Shared.Reload;

namespace Aggregator.Shared.Tests.Reload;

public sealed class IgnoredSignalTests : IDisposable
{
    private readonly string _status = Path.GetTempFileName();

    public void Dispose() => File.Delete(_status);

    private void WriteStatus(string sigIgn) =>
        File.WriteAllText(_status, $"Name:\tdotnet\nSigBlk:\t0000000000000000\nSigIgn:\t{sigIgn}\nSigCgt:\t0000000000004a02\n");

    [Theory]
    [InlineData("0000000000001007", 1, true)]
    [InlineData("0000000000001006", 1, false)]
    [InlineData("0000000000001006", 2, true)]
    [InlineData("0000000000001006", 13, true)]
    [InlineData("0000000000000000", 15, false)]
    public void IsIgnored_SigIgnMask_ReadsTheSignalsBit(string mask, int signal, bool expected)
    {
        WriteStatus(mask);

        Assert.Equal(expected, IgnoredSignal.IsIgnored(signal, _status));
    }

    [Fact]
    public void IsIgnored_NoStatusFile_False() =>
        Assert.False(IgnoredSignal.IsIgnored(1, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [Fact]
    public void IsIgnored_NoSigIgnLine_False()
    {
        File.WriteAllText(_status, "Name:\tdotnet\n");

        Assert.False(IgnoredSignal.IsIgnored(1, _status));
    }
}
