using Aggregator.Shared.Hocon;
using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Fuzzing;

/// <summary>HOCON documents with includes and substitutions: any input resolves or ends in a HoconException with a position.</summary>
public class HoconFuzzTests
{
    private static readonly string[] Pieces =
    [
        "a", "b", "c.d", "=", ":", "+=", "{", "}", "[", "]", ",", "\n", " ", "\"s\"", "1", "10s", "64MiB", "true", "null",
        "${a}", "${?b}", "${c.d}", "${?NOPE}", "include \"x.conf\"", "include required(\"y.conf\")", "include file(\"x\")",
        "include \"self.conf\"", "#", "//", "\"\"\"", "\\", "$", "${", "a.b.c", "\"quoted key\"",
    ];

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["/fuzz/x.conf"] = "a = 1\nb { c = ${?a} }\n",
        ["/fuzz/y.conf"] = "include \"x.conf\"\nz = [1, 2]\n",
        ["/fuzz/self.conf"] = "include \"self.conf\"\n",
    };

    [Fact]
    public void Load_AnyDocumentWithIncludesAndSubstitutions_ConfigOrHoconException()
    {
        Prop.ForAll(FuzzSettings.Tokens(Pieces).ToArbitrary(), text =>
        {
            try
            {
                var layer = HoconLoader.ParseLayer(text, "/fuzz/main.conf", path => Files.GetValueOrDefault(path));
                HoconLoader.Resolve([layer], _ => null);
            }
            catch (HoconException e)
            {
                Assert.False(string.IsNullOrEmpty(e.Problem));
                Assert.StartsWith("/fuzz/", e.Position.File);
            }
        }).Check(FuzzSettings.Config);
    }
}
