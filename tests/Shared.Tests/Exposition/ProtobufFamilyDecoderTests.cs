using Aggregator.Shared.Exposition;
using Aggregator.Shared.Model;
using Aggregator.Tests.Common;

namespace Aggregator.Shared.Tests.Exposition;

public class ProtobufFamilyDecoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(40)]
    public async Task Read_MetricWithManyLabels_KeepsEveryLabel(int labelCount)
    {
        var labels = Enumerable.Range(0, labelCount).Select(i => new Label($"l{i:D2}", $"v{i}")).ToArray();
        var output = new MemoryStream();
        var writer = ExpositionWriter.Create(output, ExpositionFormat.ProtobufDelimited);
        writer.BeginFamily("many_labels", MetricType.Summary);
        writer.WriteSample("many_labels_count", labels, 3, 1000);
        writer.WriteSample("many_labels_sum", labels, 1.5, 1000);
        writer.EndFamily();
        await writer.CompleteAsync();
        var cache = new ExpositionCache();
        for (int round = 0; round < 2; round++)
        {
            var sink = new CollectingSink();
            var result = ExpositionReader.Read(output.ToArray(), ExpositionFormat.ProtobufDelimited, sink, cache);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Equal(2, sink.Samples.Count);
            Assert.All(sink.Samples, s => Assert.Equal(labelCount + 1, s.Series.Count));
            Assert.Equal($"v{labelCount - 1}", sink.Samples[0].Series.Get($"l{labelCount - 1:D2}"));
        }
    }
}
