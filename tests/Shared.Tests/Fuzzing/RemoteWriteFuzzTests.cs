using Aggregator.Shared.RemoteWrite;
using Aggregator.Shared.Tests.RemoteWrite;
using FsCheck;
using FsCheck.Fluent;
using IronSnappy;

namespace Aggregator.Shared.Tests.Fuzzing;

/// <summary>
/// Structure-aware mutations of valid remote-write bodies (bytes flipped, varints widened, fields cut,
/// copied or inserted, the snappy frame damaged): the decoder answers a batch or a named error, never throws.
/// </summary>
public class RemoteWriteFuzzTests
{
    private static readonly RemoteWriteLimits Tight = new()
    {
        MaxSeriesPerRequest = 50, MaxLabelsPerSeries = 8, MaxLabelNameBytes = 16, MaxLabelValueBytes = 32, MaxSamplesPerRequest = 40, MaxMetadataPerRequest = 2,
    };

    [Fact]
    public void Decode_MutatedValidBodies_BatchOrNamedErrorNeverAnException()
    {
        var gen = from seed in Gen.Choose(0, 10_000)
                  from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, 5), Gen.Choose(0, int.MaxValue)))
                  from compressed in ArbMap.Default.GeneratorFor<bool>()
                  from tight in ArbMap.Default.GeneratorFor<bool>()
                  select (seed, edits, compressed, tight);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var body = Mutate(RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Random(t.seed)), t.edits);
            var limits = t.tight ? Tight : RemoteWriteLimits.Default;
            var result = t.compressed ? RemoteWriteDecoder.Decode(Snappy.Encode(body), limits) : RemoteWriteDecoder.DecodeProtobuf(body, limits);
            if (result.Ok)
            {
                // Note: the receiver's next step must take whatever the decoder let through.
                _ = RemoteWriteBatchChecks.Check(result.Batch, limits, 0);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Error.ToString()));
            }
        }).Check(FuzzSettings.Config);
    }

    [Fact]
    public void Decode_DamagedSnappyFrames_NamedErrorNeverAnException()
    {
        var gen = from seed in Gen.Choose(0, 10_000)
                  from edits in Gen.NonEmptyListOf(Gen.Zip(Gen.Choose(0, 5), Gen.Choose(0, int.MaxValue)))
                  select (seed, edits);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var frame = Mutate(Snappy.Encode(RemoteWriteTestData.ProtoBytes(RemoteWriteTestData.Random(t.seed))), t.edits);
            var result = RemoteWriteDecoder.Decode(frame);
            Assert.True(result.Ok || result.Error is not null);
        }).Check(FuzzSettings.Config);
    }

    /// <summary>Edits that keep most of the protobuf framing, so the decoder is driven past its first checks.</summary>
    private static byte[] Mutate(byte[] body, IEnumerable<(int Op, int Random)> edits)
    {
        var bytes = new List<byte>(body);
        foreach (var (op, random) in edits)
        {
            int at = bytes.Count == 0 ? 0 : random % bytes.Count;
            switch (op)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (random % 8));
                    break;
                case 1:
                    // Note: a length or tag widened to a longer (still valid, or overlong) varint.
                    bytes.InsertRange(at, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random % 16));
                    break;
                case 3 when bytes.Count > 0:
                    int length = Math.Min(bytes.Count - at, 1 + random % 64);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    // Note: a length-delimited field 1 (a series) claiming more bytes than follow.
                    bytes.InsertRange(at, [0x0A, (byte)(random % 128)]);
                    break;
                default:
                    bytes.Insert(at, (byte)random);
                    break;
            }
        }
        return [.. bytes];
    }
}
