using Aggregator.Shared.PromQl;

namespace Aggregator.Shared.Tests.PromQl;

/// <summary>Deep expressions end in a parse error naming the depth limit, never a stack overflow.</summary>
public class ParserDepthTests
{
    public static TheoryData<string, string> Deep()
    {
        const int n = 100_000;
        return new()
        {
            { "parentheses", new string('(', n) + "up" + new string(')', n) },
            { "right-associative power", string.Join(" ^ ", Enumerable.Repeat("up", n)) },
            { "left-associative chain", string.Join(" + ", Enumerable.Repeat("up", n)) },
            { "unary minus", new string('-', n) + "up" },
            { "nested calls", string.Concat(Enumerable.Repeat("abs(", n)) + "up" + new string(')', n) },
            { "nested aggregations", string.Concat(Enumerable.Repeat("sum(", n)) + "up" + new string(')', n) },
            { "chained subqueries", "up" + string.Concat(Enumerable.Repeat("[5m:1m]", n)) },
        };
    }

    [Theory]
    [MemberData(nameof(Deep))]
    public void ParseExpr_NestedBeyondTheLimit_ParseErrorNamingTheLimit(string shape, string input)
    {
        // Note: a thread with a small stack proves the limit comes before the stack runs out.
        Exception? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => PromQlParser.ParseExpr(input)), 1 << 20);
        thread.Start();
        thread.Join();

        var error = Assert.IsType<PromQlParseException>(caught);
        Assert.True(error.Message.Contains($"expression nests too deeply: more than {Parser.MaxDepth} levels", StringComparison.Ordinal), shape + ": " + error.Message);
    }

    [Fact]
    public void ParseExpr_NestedWithinTheLimit_Parses()
    {
        var input = new string('(', 200) + "sum by (job) (rate(up[5m]))" + new string(')', 200) + string.Concat(Enumerable.Repeat(" + up", 200));

        var expr = PromQlParser.ParseExpr(input);

        Assert.NotNull(expr);
    }
}
