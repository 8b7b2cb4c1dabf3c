using FsCheck;
using FsCheck.Fluent;

namespace Aggregator.Shared.Tests.Fuzzing;

/// <summary>
/// How many cases each fuzz property tries: FsCheck's quick default in CI; set
/// <c>AGGREGATOR_FUZZ_MAX_TEST</c> (e.g. 1000000) for a long run outside CI (docs/operations.md).
/// </summary>
internal static class FuzzSettings
{
    public const string MaxTestVariable = "AGGREGATOR_FUZZ_MAX_TEST";

    public static Config Config
    {
        get
        {
            var config = Config.QuickThrowOnFailure;
            return int.TryParse(Environment.GetEnvironmentVariable(MaxTestVariable), out int n) && n > 0 ? config.WithMaxTest(n) : config.WithMaxTest(300);
        }
    }

    /// <summary>Strings made of the pieces a parser cares about, so random input reaches deep into it.</summary>
    public static Gen<string> Tokens(params string[] pieces) =>
        from items in Gen.ListOf(Gen.OneOf(Gen.Elements(pieces), ArbMap.Default.GeneratorFor<char>().Select(c => c.ToString())))
        select string.Concat(items);
}
