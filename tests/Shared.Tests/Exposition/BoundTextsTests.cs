using System.Text;
using Aggregator.Shared.Exposition;

namespace Aggregator.Shared.Tests.Exposition;

public class BoundTextsTests
{
    [Fact]
    public void Of_MoreBoundsThanSlotsAskedInTurn_EachIsItsOwnFormattedText()
    {
        var texts = new BoundTexts();
        double[] bounds = [.. Enumerable.Range(0, 500).Select(i => i * 0.001 + 1e-9 * i), 0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e300, 5e-324];

        for (int round = 0; round < 3; round++)
        {
            foreach (var bound in round == 1 ? bounds.Reverse() : bounds)
            {
                Assert.Equal(Formatted(bound), Encoding.ASCII.GetString(texts.Of(bound)));
            }
        }
    }

    private static string Formatted(double value)
    {
        Span<byte> text = stackalloc byte[PromFloat.MaxLength];
        return Encoding.ASCII.GetString(text[..PromFloat.FormatOpenMetrics(value, text)]);
    }
}
