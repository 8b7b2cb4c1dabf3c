using Aggregator.Shared.Hocon;

namespace Aggregator.Shared.Tests.Hocon;

public class HoconConfigTests
{
    private static readonly HoconConfig Config = HoconLoader.ParseString(
        "s = hello\nn = 42\nbig = 10000000000\nf = 2.5\nb1 = yes\nb2 = off\nd = 15s\nd2 = 250\nsize = 64MiB\nsize2 = 512\nl = [a, b]\no { p = 1 }\nns = \"7\"",
        "c.conf", _ => null);

    [Fact]
    public void Get_TypedValues_Convert()
    {
        Assert.Equal("hello", Config.GetString("s"));
        Assert.Equal("42", Config.GetString("n"));
        Assert.Equal(42, Config.GetInt("n"));
        Assert.Equal(7, Config.GetInt("ns"));
        Assert.Equal(10_000_000_000L, Config.GetLong("big"));
        Assert.Equal(2.5, Config.GetDouble("f"));
        Assert.True(Config.GetBool("b1"));
        Assert.False(Config.GetBool("b2"));
        Assert.Equal(TimeSpan.FromSeconds(15), Config.GetDuration("d"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Config.GetDuration("d2"));
        Assert.Equal(64L * 1024 * 1024, Config.GetSize("size"));
        Assert.Equal(512, Config.GetSize("size2"));
        Assert.Equal(["a", "b"], Config.GetStringList("l"));
        Assert.Equal(1, Config.GetConfig("o").GetInt("p"));
    }

    [Theory]
    [InlineData("big", "GetInt", "expected a 32-bit integer")]
    [InlineData("s", "GetInt", "'s': expected a whole number, got string \"hello\"")]
    [InlineData("s", "GetDuration", "'s': expected a duration")]
    [InlineData("l", "GetString", "'l': expected a string, got array of 2")]
    [InlineData("o", "GetBool", "'o': expected a boolean")]
    [InlineData("missing.key", "GetString", "missing required key 'missing.key'")]
    public void Get_WrongType_NamesPathAndExpectation(string path, string method, string expected)
    {
        var error = Assert.Throws<HoconException>(() =>
        {
            _ = method switch
            {
                "GetInt" => Config.GetInt(path),
                "GetDuration" => (object)Config.GetDuration(path),
                "GetString" => Config.GetString(path),
                _ => Config.GetBool(path),
            };
        });
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("c.conf:", error.Message);
    }

    [Fact]
    public void GetConfig_ErrorsNameTheFullPath()
    {
        var error = Assert.Throws<HoconException>(() => Config.GetConfig("o").GetDuration("p2"));
        Assert.Contains("'o.p2'", error.Message);
    }
}
